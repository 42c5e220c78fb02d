/**
 * Prediction intervals for the global models, calibrated on hold-out errors (the last h observations of every
 * series are forecast by a model trained without them). Errors are standardised by each series' own noise scale
 * (the mean absolute one-step change of its seasonally adjusted history), pooled across series per horizon step,
 * and stored as a quantile table; with too few hold-out windows the table falls back to a Gaussian whose variance
 * grows linearly with the step (random-walk scaling), estimated from all pooled errors.
 */
export interface ResidualCalibration {
  /** Probabilities of the quantile table (ascending). */
  readonly probabilities: number[];
  /** quantiles[k][j]: standardised error quantile at step k+1 and probability probabilities[j]. */
  readonly quantiles: number[][];
}

const GRID: number[] = Array.from({ length: 199 }, (_, j) => (j + 1) / 200);
/** Below this many hold-out errors per step the empirical quantiles are too noisy for 95 % intervals. */
const MIN_PER_STEP = 50;

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9 after refinement-free use). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
  const lo = 0.02425;
  if (q < lo) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (((((c[0]! * r + c[1]!) * r + c[2]!) * r + c[3]!) * r + c[4]!) * r + c[5]!) / ((((d[0]! * r + d[1]!) * r + d[2]!) * r + d[3]!) * r + 1);
  }
  if (q > 1 - lo) return -normalQuantile(1 - q);
  const r = q - 0.5;
  const s = r * r;
  return ((((((a[0]! * s + a[1]!) * s + a[2]!) * s + a[3]!) * s + a[4]!) * s + a[5]!) * r) /
    (((((b[0]! * s + b[1]!) * s + b[2]!) * s + b[3]!) * s + b[4]!) * s + 1);
}

function quantileSorted(sorted: readonly number[], p: number): number {
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Quantiles are in units of the series' noise scale: 1e-4 resolution is plenty and keeps states small. */
const round4 = (v: number): number => Math.round(v * 1e4) / 1e4 + 0;

/** Builds the table from standardised hold-out errors, errors[k] holding every series' error at step k+1. */
export function calibrateResiduals(errors: readonly (readonly number[])[], horizon: number): ResidualCalibration {
  const perStepEnough = errors.length >= horizon && errors.slice(0, horizon).every((e) => e.length >= MIN_PER_STEP);
  if (perStepEnough) {
    const quantiles = errors.slice(0, horizon).map((e) => {
      const sorted = e.filter(Number.isFinite).sort((x, y) => x - y);
      return GRID.map((p) => round4(quantileSorted(sorted, p)));
    });
    return { probabilities: GRID, quantiles };
  }
  let ss = 0;
  let count = 0;
  errors.forEach((e, k) => {
    for (const u of e) {
      if (!Number.isFinite(u)) continue;
      ss += (u * u) / (k + 1);
      count++;
    }
  });
  // one unit of standardised error is one mean absolute step change, i.e. ≈ 1.25 σ of a random walk step
  const sigma1 = count >= 2 ? Math.sqrt(ss / count) : 1.25;
  const quantiles = Array.from({ length: horizon }, (_, k) => GRID.map((p) => round4(normalQuantile(p) * sigma1 * Math.sqrt(k + 1))));
  return { probabilities: GRID, quantiles };
}

/** Standardised error quantile at step k (0-based, clamped to the table) and probability p. */
export function calibratedQuantile(cal: ResidualCalibration, k: number, p: number): number {
  const row = cal.quantiles[Math.min(k, cal.quantiles.length - 1)]!;
  const probs = cal.probabilities;
  if (p <= probs[0]!) {
    // extrapolate beyond the table with the Gaussian tail shape
    const ratio = normalQuantile(p) / normalQuantile(probs[0]!);
    return row[0]! * Math.max(1, ratio);
  }
  const last = probs.length - 1;
  if (p >= probs[last]!) {
    const ratio = normalQuantile(p) / normalQuantile(probs[last]!);
    return row[last]! * Math.max(1, ratio);
  }
  const pos = (p - probs[0]!) / (probs[1]! - probs[0]!);
  const lo = Math.floor(pos);
  const hi = Math.min(last, lo + 1);
  return row[lo]! + (row[hi]! - row[lo]!) * (pos - lo);
}

/** Mean absolute one-step change of a series (its noise scale); 0 for a constant series. */
export function noiseScale(values: readonly number[], end = values.length): number {
  let s = 0;
  let c = 0;
  for (let t = 1; t < end; t++) {
    s += Math.abs(values[t]! - values[t - 1]!);
    c++;
  }
  return c > 0 ? s / c : 0;
}
