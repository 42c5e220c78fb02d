/**
 * Nelder–Mead simplex minimisation (Nelder & Mead 1965) with box bounds handled by clamping
 * every trial point into [lower, upper], the standard adaptive-free variant used by R's optim
 * (reflection 1, expansion 2, contraction 0.5, shrink 0.5).
 */
export interface NelderMeadOptions {
  readonly lower?: readonly number[];
  readonly upper?: readonly number[];
  /** Maximum number of function evaluations. */
  readonly maxEval?: number;
  /** Relative tolerance on the spread of function values in the simplex. */
  readonly tol?: number;
  /** Initial step per coordinate (default 10 % of the value or of the bound range). */
  readonly step?: readonly number[];
}

export interface NelderMeadResult {
  readonly x: number[];
  readonly value: number;
  readonly evaluations: number;
}

export function nelderMead(
  f: (x: number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const d = x0.length;
  const maxEval = options.maxEval ?? 200 * d;
  const tol = options.tol ?? 1e-8;
  const lo = options.lower;
  const hi = options.upper;
  const clamp = (x: number[]): number[] => {
    if (lo || hi) {
      for (let i = 0; i < d; i++) {
        if (lo && x[i]! < lo[i]!) x[i] = lo[i]!;
        if (hi && x[i]! > hi[i]!) x[i] = hi[i]!;
      }
    }
    return x;
  };
  let evals = 0;
  const evaluate = (x: number[]): number => {
    evals++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  };

  const pts: number[][] = [clamp([...x0])];
  for (let i = 0; i < d; i++) {
    const p = [...x0];
    let s = options.step?.[i];
    if (s === undefined) {
      if (lo && hi && Number.isFinite(lo[i]!) && Number.isFinite(hi[i]!)) s = 0.1 * (hi[i]! - lo[i]!);
      else s = Math.abs(p[i]!) > 1e-8 ? 0.1 * Math.abs(p[i]!) : 0.1;
    }
    p[i] = p[i]! + s;
    if (hi && p[i]! > hi[i]!) p[i] = x0[i]! - s;
    pts.push(clamp(p));
  }
  const vals = pts.map(evaluate);
  const order = Array.from({ length: d + 1 }, (_, i) => i);
  const centroid = new Array<number>(d).fill(0);

  while (evals < maxEval) {
    order.sort((a, b) => vals[a]! - vals[b]!);
    const best = order[0]!;
    const worst = order[d]!;
    const second = order[d - 1]!;
    const fb = vals[best]!;
    const fw = vals[worst]!;
    if (Math.abs(fw - fb) <= tol * (Math.abs(fb) + tol)) break;

    centroid.fill(0);
    for (let k = 0; k < d; k++) {
      const p = pts[order[k]!]!;
      for (let i = 0; i < d; i++) centroid[i]! += p[i]! / d;
    }
    const pw = pts[worst]!;
    const xr = clamp(centroid.map((c, i) => c + (c - pw[i]!)));
    const fr = evaluate(xr);
    if (fr < fb) {
      const xe = clamp(centroid.map((c, i) => c + 2 * (c - pw[i]!)));
      const fe = evaluate(xe);
      if (fe < fr) {
        pts[worst] = xe;
        vals[worst] = fe;
      } else {
        pts[worst] = xr;
        vals[worst] = fr;
      }
      continue;
    }
    if (fr < vals[second]!) {
      pts[worst] = xr;
      vals[worst] = fr;
      continue;
    }
    const outside = fr < fw;
    const xc = clamp(
      outside ? centroid.map((c, i) => c + 0.5 * (xr[i]! - c)) : centroid.map((c, i) => c + 0.5 * (pw[i]! - c)),
    );
    const fc = evaluate(xc);
    if (fc < (outside ? fr : fw)) {
      pts[worst] = xc;
      vals[worst] = fc;
      continue;
    }
    const pb = pts[best]!;
    for (const k of order.slice(1)) {
      pts[k] = clamp(pts[k]!.map((v, i) => pb[i]! + 0.5 * (v - pb[i]!)));
      vals[k] = evaluate(pts[k]!);
    }
  }
  let bi = 0;
  for (let k = 1; k <= d; k++) if (vals[k]! < vals[bi]!) bi = k;
  return { x: pts[bi]!, value: vals[bi]!, evaluations: evals };
}
