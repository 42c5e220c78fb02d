/**
 * The design of a Prophet-style model (Taylor & Letham 2018): piecewise-linear trend in scaled time with potential
 * changepoints, Fourier seasonalities in observation-index time, and external regressors.
 */

/** One Fourier seasonality: `order` sine/cosine pairs of period `period` (in observations). */
export interface SeasonalityTerm {
  readonly name: string;
  readonly period: number;
  readonly order: number;
}

/** Orders can be overridden per seasonality name (`yearly`, `weekly`, `daily`). */
export interface SeasonalityOrders {
  readonly yearly?: number;
  readonly weekly?: number;
  readonly daily?: number;
}

/**
 * Seasonalities implied by the series' period, with Prophet's default orders (yearly 10, weekly 3, daily 4),
 * capped at period/2 (higher orders alias), and — like Prophet's automatic mode — only when the history covers at
 * least two full cycles. period 12 → yearly(12); 4 → yearly(4); 52/53 → yearly(365.25/7); 7 → weekly(7) and
 * yearly(365.25); 24 → daily(24) and weekly(168); 1 → none; any other m → one seasonality of period m.
 */
export function seasonalitiesFor(period: number, n: number, orders: SeasonalityOrders = {}): SeasonalityTerm[] {
  const m = Math.round(period);
  const out: SeasonalityTerm[] = [];
  const add = (name: string, p: number, order: number): void => {
    const k = Math.min(order, Math.floor(p / 2));
    if (k >= 1 && n >= 2 * p) out.push({ name, period: p, order: k });
  };
  const yearly = orders.yearly ?? 10;
  const weekly = orders.weekly ?? 3;
  const daily = orders.daily ?? 4;
  if (m <= 1) return out;
  if (m === 12 || m === 4) add('yearly', m, yearly);
  else if (m === 52 || m === 53) add('yearly', 365.25 / 7, yearly);
  else if (m === 7) {
    add('weekly', 7, weekly);
    add('yearly', 365.25, yearly);
  } else if (m === 24) {
    add('daily', 24, daily);
    add('weekly', 168, weekly);
  } else add('seasonal', m, yearly);
  return out;
}

/** Fourier columns of one seasonality at observation index t: sin(2πkt/P), cos(2πkt/P), k = 1..order. */
export function fourierRow(term: SeasonalityTerm, t: number, out: number[]): void {
  for (let k = 1; k <= term.order; k++) {
    const a = (2 * Math.PI * k * t) / term.period;
    out.push(Math.sin(a), Math.cos(a));
  }
}

/**
 * Potential changepoint times in scaled time: `count` points spread uniformly (by row, as Prophet does) over the
 * first `range` fraction of the history, excluding the first observation.
 */
export function changepointTimes(n: number, count: number, range: number): number[] {
  const histSize = Math.floor(n * range);
  const k = Math.min(count, Math.max(0, histSize - 1));
  if (k === 0 || n < 2) return [];
  const out: number[] = [];
  for (let j = 1; j <= k; j++) {
    const idx = Math.round((j * (histSize - 1)) / k);
    out.push(idx / (n - 1));
  }
  return [...new Set(out)];
}

/** Piecewise-linear trend: (k + Σ δ_j·1{t ≥ s_j}) t + (m − Σ δ_j s_j·1{t ≥ s_j}). */
export function piecewiseTrend(t: number, k: number, m: number, changepoints: readonly number[], deltas: readonly number[]): number {
  let value = k * t + m;
  for (let j = 0; j < changepoints.length; j++) if (t >= changepoints[j]!) value += deltas[j]! * (t - changepoints[j]!);
  return value;
}
