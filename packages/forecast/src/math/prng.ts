/**
 * Seeded pseudo-random numbers, so every model is deterministic given `FitOptions.seed`.
 * mulberry32 (Tommy Ettinger's 32-bit generator) for uniforms; Box–Muller for normals.
 */
export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Standard normal draw. */
  normal(): number;
}

/** Creates a generator from an integer seed (any number is folded to 32 bits). */
export function createRng(seed = 1): Rng {
  let a = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  let spare: number | undefined;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u <= Number.EPSILON) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { next, normal };
}
