/**
 * Box–Cox transformation (Box & Cox 1964) with λ chosen by Guerrero's (1993) method, as R forecast's `BoxCox`,
 * `InvBoxCox` and `BoxCox.lambda(method = "guerrero")`.
 */

/** (x^λ − 1)/λ, or log x when λ = 0; x must be positive. */
export function boxCox(x: readonly number[], lambda: number): number[] {
  return lambda === 0 ? x.map(Math.log) : x.map((v) => (Math.pow(v, lambda) - 1) / lambda);
}

/** The inverse of {@link boxCox}; values outside the transform's range map to 0. */
export function invBoxCox(y: readonly number[], lambda: number): number[] {
  if (lambda === 0) return y.map(Math.exp);
  return y.map((v) => {
    const base = lambda * v + 1;
    return base > 0 ? Math.pow(base, 1 / lambda) : 0;
  });
}

/**
 * Guerrero's coefficient of variation of sd / mean^(1−λ) over the complete seasons (subseries of length
 * max(2, period)) at the end of the series.
 */
function guerreroCv(x: readonly number[], period: number, lambda: number): number {
  const len = Math.max(2, Math.round(period));
  const groups = Math.floor(x.length / len);
  const start = x.length - groups * len;
  const ratios: number[] = [];
  for (let g = 0; g < groups; g++) {
    let s = 0;
    for (let i = 0; i < len; i++) s += x[start + g * len + i]!;
    const mean = s / len;
    let ss = 0;
    for (let i = 0; i < len; i++) ss += (x[start + g * len + i]! - mean) ** 2;
    const sd = Math.sqrt(ss / (len - 1));
    ratios.push(sd / Math.pow(mean, 1 - lambda));
  }
  const m = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  const v = ratios.reduce((a, b) => a + (b - m) ** 2, 0) / (ratios.length - 1);
  return Math.sqrt(v) / m;
}

/**
 * λ in [lower, upper] minimising Guerrero's criterion (golden-section search, as R's `optimize`); 1 (no
 * transformation) when the series has a non-positive value or fewer than two complete seasons.
 */
export function guerreroLambda(x: readonly number[], period: number, lower = 0, upper = 1): number {
  const len = Math.max(2, Math.round(period));
  if (x.some((v) => !(v > 0)) || Math.floor(x.length / len) < 2) return 1;
  const f = (l: number): number => {
    const v = guerreroCv(x, period, l);
    return Number.isFinite(v) ? v : Infinity;
  };
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lower;
  let b = upper;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 40 && b - a > 1e-5; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}
