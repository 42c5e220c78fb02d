import { isConstant, kpssDiffs, seasonalDiffs } from './differencing-tests.ts';
import { cssNullOffset, differenceSeries, exactAt, fitArima, type ArimaFit, type ArimaMethod, type ArimaOrder } from './fit-arima.ts';

/** Search settings; the defaults are R forecast's `auto.arima` defaults. */
export interface AutoArimaOptions {
  readonly maxP?: number;
  readonly maxQ?: number;
  readonly maxSeasonalP?: number;
  readonly maxSeasonalQ?: number;
  readonly maxD?: number;
  readonly startP?: number;
  readonly startQ?: number;
  readonly startSeasonalP?: number;
  readonly startSeasonalQ?: number;
  /** Force the number of differences instead of testing. */
  readonly d?: number;
  readonly D?: number;
  /**
   * Select among candidates by CSS (conditional) likelihood, then refit the winner by exact ML.
   * Default true: R uses it only when n > 150 or m > 12, but on M3 monthly the exact search costs about
   * four times as much for the same accuracy (see bench/arima/README.md); pass false for R's exact search.
   */
  readonly approximation?: boolean;
  /** With `approximation`, refit the best candidates by exact ML (default true); false keeps the CSS estimates. */
  readonly exactRefit?: boolean;
  /** With `approximation`, how many candidates (best CSS criterion first) may be refitted by ML (default 5). */
  readonly maxExactRefits?: number;
  /**
   * With `approximation`: when the winner's ML refit is inadmissible, let the exact likelihood at its CSS
   * estimates compete by AICc with the next admissible ML refit (default false, as R).
   */
  readonly compareCssWinner?: boolean;
  readonly ic?: 'aicc' | 'aic' | 'bic';
  readonly allowDrift?: boolean;
  readonly allowMean?: boolean;
}

/** Outcome of the search: the chosen fit and how many candidate models were estimated. */
export interface AutoArimaResult {
  readonly fit: ArimaFit;
  readonly differenced: number[];
  readonly modelsTried: number;
}

function criterion(fit: ArimaFit, ic: 'aicc' | 'aic' | 'bic'): number {
  if (fit.minRoot < 1.01) return Infinity;
  const v = ic === 'aicc' ? fit.aicc : ic === 'aic' ? fit.aic : fit.bic;
  return Number.isFinite(v) ? v : Infinity;
}

/** An exact fit of a series whose differences are constant: ARIMA(0,d,0)(0,D,0) with zero innovation variance. */
function deterministicFit(y: readonly number[], order: ArimaOrder, w: readonly number[], withConstant: boolean): ArimaFit {
  const constant = withConstant && w.length > 0 ? w[0]! : 0;
  return {
    order,
    includeConstant: withConstant,
    phi: [],
    theta: [],
    seasonalPhi: [],
    seasonalTheta: [],
    constant,
    sigma2: 0,
    sigma2Forecast: 0,
    loglik: 0,
    aic: -Infinity,
    aicc: -Infinity,
    bic: -Infinity,
    npar: 1,
    nUsed: w.length,
    method: 'ML',
    minRoot: 2,
    innovations: w.map((v) => v - constant),
    state: null,
  };
}

/**
 * Automatic ARIMA order selection by the stepwise algorithm of Hyndman & Khandakar (2008),
 * "Automatic time series forecasting: the forecast package for R", *J. Stat. Softw.* 27(3), as implemented in
 * R forecast 8.x `auto.arima`: D from the STL seasonal-strength heuristic, d from repeated KPSS tests,
 * start at ARIMA(2,d,2)(1,D,1) (≤ 1 for n < 10) against the null, AR and MA benchmarks, then move p, q, P, Q
 * by ±1 (singly and in pairs) and toggle the constant while the AICc improves; candidates with AR/MA roots
 * within 1.01 of the unit circle are rejected.
 */
export function autoArimaSearch(y: readonly number[], period: number, options: AutoArimaOptions = {}): AutoArimaResult {
  const n = y.length;
  const m = period > 1 ? Math.round(period) : 1;
  let ic = options.ic ?? 'aicc';
  if (n <= 3) ic = 'aic';
  const D = options.D ?? (m > 1 ? seasonalDiffs(y, m) : 0);
  const dx = D > 0 ? differenceSeries(y, { p: 0, d: 0, q: 0, P: 0, D, Q: 0, m }) : y.slice();
  const d = options.d ?? kpssDiffs(dx, options.maxD ?? 2);
  const base: ArimaOrder = { p: 0, d, q: 0, P: 0, D, Q: 0, m };
  const w = differenceSeries(y, base);
  const allowDrift = (options.allowDrift ?? true) && d + D === 1;
  const allowMean = (options.allowMean ?? true) && d + D === 0;

  if (w.length === 0 || isConstant(w)) {
    const withConstant = D > 0 ? d === 0 : d < 2;
    return { fit: deterministicFit(y, base, w, withConstant), differenced: w, modelsTried: 0 };
  }

  let maxP = Math.min(options.maxP ?? 5, Math.floor(n / 3));
  let maxQ = Math.min(options.maxQ ?? 5, Math.floor(n / 3));
  const maxSP = m > 1 ? Math.min(options.maxSeasonalP ?? 2, Math.floor(n / 3 / m)) : 0;
  const maxSQ = m > 1 ? Math.min(options.maxSeasonalQ ?? 2, Math.floor(n / 3 / m)) : 0;
  if (m > 1) {
    if (maxSP > 0) maxP = Math.min(maxP, m - 1);
    if (maxSQ > 0) maxQ = Math.min(maxQ, m - 1);
  }
  const approximation = options.approximation ?? true;
  const method: ArimaMethod = approximation ? 'CSS' : 'CSS-ML';
  const offset = approximation ? cssNullOffset(y, base) : undefined;

  const tried = new Map<string, { order: ArimaOrder; constant: boolean; ic: number }>();
  const key = (p: number, q: number, P: number, Q: number, c: boolean): string => `${p},${q},${P},${Q},${c ? 1 : 0}`;
  let best: { fit: ArimaFit; ic: number } | null = null;
  const tryModel = (p: number, q: number, P: number, Q: number, c: boolean): boolean => {
    const k = key(p, q, P, Q, c);
    if (tried.has(k)) return false;
    const order: ArimaOrder = { p, d, q, P, D, Q, m };
    const fit = fitArima(y, order, c, method, offset);
    const value = fit ? criterion(fit, ic) : Infinity;
    tried.set(k, { order, constant: c, ic: value });
    if (fit && (!best || value < best.ic)) {
      best = { fit, ic: value };
      return true;
    }
    return false;
  };
  const isNew = (p: number, q: number, P: number, Q: number, c: boolean): boolean => !tried.has(key(p, q, P, Q, c));

  let constant = allowDrift || allowMean;
  const small = n < 10;
  let p = Math.min(small ? Math.min(options.startP ?? 2, 1) : (options.startP ?? 2), maxP);
  let q = Math.min(small ? Math.min(options.startQ ?? 2, 1) : (options.startQ ?? 2), maxQ);
  let P = Math.min(small ? 0 : (options.startSeasonalP ?? 1), maxSP);
  let Q = Math.min(small ? 0 : (options.startSeasonalQ ?? 1), maxSQ);

  tryModel(p, q, P, Q, constant);
  if (tryModel(0, 0, 0, 0, constant)) p = q = P = Q = 0;
  if (maxP > 0 || maxSP > 0) {
    const ap = maxP > 0 ? 1 : 0;
    const aP = m > 1 && maxSP > 0 ? 1 : 0;
    if (tryModel(ap, 0, aP, 0, constant)) {
      p = ap;
      P = aP;
      q = Q = 0;
    }
  }
  if (maxQ > 0 || maxSQ > 0) {
    const aq = maxQ > 0 ? 1 : 0;
    const aQ = m > 1 && maxSQ > 0 ? 1 : 0;
    if (tryModel(0, aq, 0, aQ, constant)) {
      p = P = 0;
      q = aq;
      Q = aQ;
    }
  }
  if (constant && tryModel(0, 0, 0, 0, false)) {
    p = q = P = Q = 0;
    constant = false;
  }

  const maxModels = 94;
  let improved = true;
  while (improved && tried.size < maxModels) {
    improved = false;
    const moves: Array<[number, number, number, number, boolean]> = [
      [p, q, P - 1, Q, P > 0],
      [p, q, P, Q - 1, Q > 0],
      [p, q, P + 1, Q, P < maxSP],
      [p, q, P, Q + 1, Q < maxSQ],
      [p, q, P - 1, Q - 1, Q > 0 && P > 0],
      [p, q, P - 1, Q + 1, Q < maxSQ && P > 0],
      [p, q, P + 1, Q - 1, Q > 0 && P < maxSP],
      [p, q, P + 1, Q + 1, Q < maxSQ && P < maxSP],
      [p - 1, q, P, Q, p > 0],
      [p, q - 1, P, Q, q > 0],
      [p + 1, q, P, Q, p < maxP],
      [p, q + 1, P, Q, q < maxQ],
      [p - 1, q - 1, P, Q, q > 0 && p > 0],
      [p - 1, q + 1, P, Q, q < maxQ && p > 0],
      [p + 1, q - 1, P, Q, q > 0 && p < maxP],
      [p + 1, q + 1, P, Q, q < maxQ && p < maxP],
    ];
    for (const [np, nq, nP, nQ, allowed] of moves) {
      if (!allowed || !isNew(np, nq, nP, nQ, constant)) continue;
      if (tryModel(np, nq, nP, nQ, constant)) {
        [p, q, P, Q] = [np, nq, nP, nQ];
        improved = true;
        break;
      }
    }
    if (!improved && (allowDrift || allowMean) && isNew(p, q, P, Q, !constant)) {
      if (tryModel(p, q, P, Q, !constant)) {
        constant = !constant;
        improved = true;
      }
    }
  }

  let chosen: ArimaFit | null = null;
  const current = best as { fit: ArimaFit; ic: number } | null;
  if (approximation && current && Number.isFinite(current.ic)) {
    // R refits the candidates by exact ML in order of their approximate criterion until one is admissible.
    // ML estimates of MA terms often pile up on the unit circle (then inadmissible), so that loop can cost
    // dozens of exact fits: we refit at most `maxExactRefits` candidates and otherwise keep the winner's CSS
    // estimates. With `compareCssWinner`, when the winner's ML refit is inadmissible, the exact likelihood at
    // its CSS estimates (an MA root just inside the circle, often absorbing over-differencing) competes with
    // the first admissible ML refit by exact AICc.
    const limit = (options.exactRefit ?? true) ? (options.maxExactRefits ?? 5) : 0;
    const ranked = [...tried.values()].filter((c) => Number.isFinite(c.ic)).sort((a, b) => a.ic - b.ic);
    let winnerAtCss: ArimaFit | null = null;
    for (const [i, c] of ranked.slice(0, limit).entries()) {
      const exact = fitArima(y, c.order, c.constant, 'CSS-ML');
      if (exact && Number.isFinite(criterion(exact, ic))) {
        chosen = exact;
        break;
      }
      if (i === 0 && options.compareCssWinner) winnerAtCss = exactAt(y, current.fit);
    }
    if (winnerAtCss && Number.isFinite(criterion(winnerAtCss, ic))) {
      if (!chosen || criterion(winnerAtCss, ic) < criterion(chosen, ic)) chosen = winnerAtCss;
    }
    chosen ??= current.fit;
  } else if (current && Number.isFinite(current.ic)) {
    chosen = current.fit;
  }
  if (!chosen) {
    // Hyndman & Khandakar's search found nothing admissible (R stops here); the white-noise-around-the-
    // differences model always exists and keeps the series forecastable.
    chosen =
      fitArima(y, base, allowDrift || allowMean, 'CSS-ML') ??
      fitArima(y, base, false, 'CSS-ML') ??
      deterministicFit(y, base, w, allowDrift || allowMean);
  }
  return { fit: chosen, differenced: w, modelsTried: tried.size };
}
