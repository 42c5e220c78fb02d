/**
 * A small seeded pseudo-random generator (mulberry32, Tommy Ettinger's public-domain 32-bit mixer) so every
 * model that samples (bootstraps, window sampling, weight initialisation, simulation) is deterministic given a seed.
 */
export interface SeededRandom {
  /** Uniform on [0, 1). */
  next(): number;
  /** Integer uniform on [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Laplace(0, scale). */
  laplace(scale: number): number;
}

/** Creates a generator; equal seeds give equal streams. */
export function seededRandom(seed = 1): SeededRandom {
  let a = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  let spare: number | undefined;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.min(n - 1, Math.floor(next() * n)),
    normal: () => {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = next();
      while (u <= 1e-300) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    laplace: (scale) => {
      const u = next() - 0.5;
      return -scale * Math.sign(u) * Math.log(Math.max(1e-300, 1 - 2 * Math.abs(u)));
    },
  };
}
