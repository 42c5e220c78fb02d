/**
 * STL: seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae & Terpenning 1990,
 * *Journal of Official Statistics* 6(1), 3–73), non-robust, with R's `stl` defaults for the
 * trend and low-pass windows and loess evaluated at every point (no jumps).
 */
export interface StlResult {
  readonly seasonal: number[];
  readonly trend: number[];
  readonly remainder: number[];
}

const nextOdd = (x: number): number => {
  const v = Math.round(x);
  return v % 2 === 0 ? v + 1 : v;
};

/** Weight buffer reused across loess evaluations (STL is synchronous and non-reentrant). */
let scratch = new Float64Array(64);

/**
 * Local (degree 0 or 1) tricube-weighted fit at abscissa `xs` (1-based) from points nLeft..nRight of y (1-based),
 * as in the Fortran `stlest`.
 */
function loessAt(
  y: ArrayLike<number>,
  n: number,
  span: number,
  degree: number,
  xs: number,
  nLeft: number,
  nRight: number,
): number {
  const range = n - 1;
  let h = Math.max(xs - nLeft, nRight - xs);
  if (span > n) h += Math.floor((span - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  if (scratch.length < nRight - nLeft + 1) scratch = new Float64Array(2 * (nRight - nLeft + 1));
  const w = scratch;
  for (let j = nLeft; j <= nRight; j++) {
    const r = Math.abs(j - xs);
    let wj = 0;
    if (r <= h9) wj = r <= h1 ? 1 : (1 - (r / h) ** 3) ** 3;
    w[j - nLeft] = wj;
    a += wj;
  }
  if (a <= 0) return y[Math.min(Math.max(Math.round(xs), 1), n) - 1]!;
  for (let j = 0; j <= nRight - nLeft; j++) w[j]! /= a;
  if (h > 0 && degree > 0) {
    let c = 0;
    for (let j = nLeft; j <= nRight; j++) c += w[j - nLeft]! * j;
    let b = xs - c;
    let d = 0;
    for (let j = nLeft; j <= nRight; j++) d += w[j - nLeft]! * (j - c) ** 2;
    if (Math.sqrt(d) > 0.001 * range) {
      b /= d;
      for (let j = nLeft; j <= nRight; j++) w[j - nLeft]! *= b * (j - c) + 1;
    }
  }
  let s = 0;
  for (let j = nLeft; j <= nRight; j++) s += w[j - nLeft]! * y[j - 1]!;
  return s;
}

function loessSmooth(y: ArrayLike<number>, span: number, degree: number): number[] {
  const n = y.length;
  const out = new Array<number>(n);
  if (n < 2) return Array.from(y);
  if (span >= n) {
    for (let i = 1; i <= n; i++) out[i - 1] = loessAt(y, n, span, degree, i, 1, n);
    return out;
  }
  const half = (span + 1) / 2;
  for (let i = 1; i <= n; i++) {
    let nLeft: number;
    if (i <= half) nLeft = 1;
    else if (i > n - half + 1) nLeft = n - span + 1;
    else nLeft = i - half + 1;
    out[i - 1] = loessAt(y, n, span, degree, i, nLeft, nLeft + span - 1);
  }
  return out;
}

function movingAverage(x: ArrayLike<number>, len: number): number[] {
  const out = new Array<number>(x.length - len + 1);
  let s = 0;
  for (let i = 0; i < len; i++) s += x[i]!;
  out[0] = s / len;
  for (let i = 1; i < out.length; i++) {
    s += x[i + len - 1]! - x[i - 1]!;
    out[i] = s / len;
  }
  return out;
}

/** STL of `y` with seasonal period `period` (≥ 2, n ≥ 2·period) and seasonal window `sWindow` (odd). */
export function stl(y: readonly number[], period: number, sWindow = 11, innerIterations = 2): StlResult {
  const n = y.length;
  const np = period;
  const ns = nextOdd(Math.max(3, sWindow));
  const nt = nextOdd(Math.ceil((1.5 * np) / (1 - 1.5 / ns)));
  const nl = nextOdd(np);
  const trend = new Array<number>(n).fill(0);
  let seasonal = new Array<number>(n).fill(0);
  for (let iter = 0; iter < innerIterations; iter++) {
    const detr = y.map((v, i) => v - trend[i]!);
    const c = new Array<number>(n + 2 * np).fill(0);
    for (let k = 0; k < np; k++) {
      const sub: number[] = [];
      for (let i = k; i < n; i += np) sub.push(detr[i]!);
      const m = sub.length;
      if (m === 0) continue;
      const sm = loessSmooth(sub, ns, 0);
      const before = loessAt(sub, m, ns, 0, 0, 1, Math.min(ns, m));
      const after = loessAt(sub, m, ns, 0, m + 1, Math.max(1, m - ns + 1), m);
      c[k] = before;
      for (let j = 0; j < m; j++) c[np + k + j * np] = sm[j]!;
      const lastPos = np + k + m * np;
      if (lastPos < c.length) c[lastPos] = after;
    }
    const low = loessSmooth(movingAverage(movingAverage(movingAverage(c, np), np), 3), nl, 1);
    seasonal = new Array<number>(n);
    for (let i = 0; i < n; i++) seasonal[i] = c[np + i]! - low[i]!;
    const deseason = y.map((v, i) => v - seasonal[i]!);
    const tr = loessSmooth(deseason, nt, 1);
    for (let i = 0; i < n; i++) trend[i] = tr[i]!;
  }
  const remainder = y.map((v, i) => v - seasonal[i]! - trend[i]!);
  return { seasonal, trend, remainder };
}
