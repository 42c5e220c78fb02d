/**
 * Variable-metric (BFGS) minimiser with central-difference gradients, following R's `optim(method = "BFGS")`
 * (Nash 1990, *Compact Numerical Methods*, Algorithm 21 — R's `vmmin`), which is what R's `arima` uses.
 */
export interface BfgsOptions {
  readonly maxIterations?: number;
  /** Relative tolerance on the objective (R: reltol). An absolute floor of the same size guards objectives near 0. */
  readonly tolerance?: number;
  /** Step of the central differences (R: ndeps = 1e-3). */
  readonly gradientStep?: number;
}

export interface BfgsResult {
  readonly x: number[];
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** `gradient`, when given, replaces the central differences (it must be consistent with `f`). */
export function minimiseBfgs(
  f: (x: number[]) => number,
  x0: readonly number[],
  options: BfgsOptions = {},
  gradient?: (x: number[]) => number[],
): BfgsResult {
  const n = x0.length;
  const maxit = options.maxIterations ?? 100;
  const reltol = options.tolerance ?? 1.5e-8;
  const eps = options.gradientStep ?? 1e-3;
  const safe = (x: number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  };
  let x = x0.slice();
  let fmin = safe(x);
  if (n === 0) return { x, value: fmin, iterations: 0, converged: true };
  if (fmin === Number.MAX_VALUE) return { x, value: fmin, iterations: 0, converged: false };
  const grad = (pt: number[]): number[] => {
    if (gradient) {
      const ga = gradient(pt);
      return ga.map((v) => (Number.isFinite(v) ? v : 0));
    }
    const g = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const xi = pt[i]!;
      pt[i] = xi + eps;
      const up = safe(pt);
      pt[i] = xi - eps;
      const dn = safe(pt);
      pt[i] = xi;
      g[i] = up === Number.MAX_VALUE || dn === Number.MAX_VALUE ? 0 : (up - dn) / (2 * eps);
    }
    return g;
  };
  const B: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const resetB = (): void => {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B[i]![j] = i === j ? 1 : 0;
  };
  let g = grad(x);
  let iter = 0;
  let freshB = true;
  let converged = false;
  while (iter < maxit) {
    iter++;
    const t = new Array<number>(n);
    let gradproj = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= B[i]![j]! * g[j]!;
      t[i] = s;
      gradproj += s * g[i]!;
    }
    if (!(gradproj < 0)) {
      if (freshB) {
        converged = true;
        break;
      }
      resetB();
      freshB = true;
      continue;
    }
    let step = 1;
    let accepted = false;
    let fNew = fmin;
    let xNew = x;
    for (;;) {
      xNew = x.map((xi, i) => xi + step * t[i]!);
      let same = 0;
      for (let i = 0; i < n; i++) if (10 + x[i]! === 10 + xNew[i]!) same++;
      if (same === n) break;
      fNew = safe(xNew);
      if (fNew <= fmin + gradproj * step * 1e-4) {
        accepted = true;
        break;
      }
      step *= 0.2;
    }
    if (!accepted) {
      if (freshB) {
        converged = true;
        break;
      }
      resetB();
      freshB = true;
      continue;
    }
    const enough = Math.abs(fNew - fmin) > reltol * (Math.abs(fmin) + 1);
    const gNew = grad(xNew);
    const s = t.map((ti) => ti * step);
    const c = gNew.map((gi, i) => gi - g[i]!);
    x = xNew;
    fmin = fNew;
    g = gNew;
    if (!enough) {
      converged = true;
      break;
    }
    let d1 = 0;
    for (let i = 0; i < n; i++) d1 += s[i]! * c[i]!;
    if (d1 > 0) {
      const bc = new Array<number>(n);
      let d2 = 0;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += B[i]![j]! * c[j]!;
        bc[i] = v;
        d2 += v * c[i]!;
      }
      d2 = 1 + d2 / d1;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) B[i]![j]! += (d2 * s[i]! * s[j]! - bc[i]! * s[j]! - s[i]! * bc[j]!) / d1;
      }
      freshB = false;
    } else {
      resetB();
      freshB = true;
    }
  }
  return { x, value: fmin, iterations: iter, converged };
}
