/** Small descriptive statistics shared by models, metrics and the ensemble. */

export function mean(x: readonly number[]): number {
  let s = 0;
  for (const v of x) s += v;
  return x.length === 0 ? NaN : s / x.length;
}

/** Sample variance with denominator n − 1 (NaN for fewer than two values). */
export function variance(x: readonly number[]): number {
  if (x.length < 2) return NaN;
  const m = mean(x);
  let s = 0;
  for (const v of x) s += (v - m) * (v - m);
  return s / (x.length - 1);
}

/** Quantile with linear interpolation between order statistics (R type 7). */
export function quantile(x: readonly number[], p: number): number {
  if (x.length === 0) return NaN;
  const s = [...x].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

export function median(x: readonly number[]): number {
  return quantile(x, 0.5);
}

/** Ordinary least squares of y on t = 1..n: returns intercept (value at t = 0) and slope. */
export function linearTrend(y: readonly number[]): { intercept: number; slope: number } {
  const n = y.length;
  if (n === 0) return { intercept: NaN, slope: NaN };
  if (n === 1) return { intercept: y[0]!, slope: 0 };
  const tm = (n + 1) / 2;
  const ym = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dt = i + 1 - tm;
    sxy += dt * (y[i]! - ym);
    sxx += dt * dt;
  }
  const slope = sxy / sxx;
  return { intercept: ym - slope * tm, slope };
}

/** Sample autocorrelations r_1..r_maxLag (Box–Jenkins definition, denominator Σ(y − ȳ)²). */
export function acf(y: readonly number[], maxLag: number): number[] {
  const n = y.length;
  const m = mean(y);
  let denom = 0;
  for (const v of y) denom += (v - m) * (v - m);
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let s = 0;
    for (let t = k; t < n; t++) s += (y[t]! - m) * (y[t - k]! - m);
    out.push(denom > 0 ? s / denom : 0);
  }
  return out;
}

/** Pearson correlation of two equally long samples; 0 when either is constant. */
export function correlation(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}
