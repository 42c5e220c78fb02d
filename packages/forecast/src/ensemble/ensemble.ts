import { ForecastError, type Fitted, type Forecast, type ForecastOptions, type Interval, type Model, type Series } from '../model.ts';
import { backtestBatch, fitBatch, robustScale, type BacktestSummary } from '../backtest/backtest.ts';
import { checkLevels } from '../math/intervals.ts';
import { mae, smape } from '../metrics/metrics.ts';
import { quantile } from '../math/stats.ts';
import { isIntermittent } from '../models/croston/classify-demand.ts';
import type { EtsState } from '../models/ets.ts';
import type { ProphetState } from '../models/prophet.ts';
import { models as registry } from '../registry.ts';
import { isFiniteForecast, movingAverageFallback } from '../runner/fallback.ts';
import { factorAt, longSeasonAdjustment, WEEKS_PER_YEAR, type SeasonalAdjustment } from './long-season.ts';
import { shortSeasonIndices } from './short-season-indices.ts';

/**
 * The forecast ensemble: per series, every member model is fitted (global members — LSTM, N-BEATS, random forest — once
 * across all the series of the batch), a rolling-origin backtest scores each member (MASE-scaled MAE of its
 * forecasts from the backtest origins), and the members are combined. The default combination is the
 * 'family-median': per step, the median over method families of each family's mean (the Theta variants are one
 * family, the two neural networks another) — the robust median of distinct methods that won M4 weekly as SCUM (Petropoulos & Svetunkov 2020),
 * chosen over the mean, the trimmed mean and the backtest weights on an in-sample hold-out of M3 monthly (see
 * bench/README.md). The 'weighted' rule combines with weights ∝ 1/error; members whose backtest error exceeds twice
 * the best get weight 0 (Bates & Granger 1969, Stock & Watson 2004); without a backtest it takes the median.
 * Default members: every model of the engine except the benchmarks and the intermittent-demand family (ETS,
 * Theta, OTM, DOTM, ARIMA, Prophet, random forest, LSTM, N-BEATS); any registered model can join or leave (`members`).
 * Intervals combine the members' bounds with
 * the same rule and are then calibrated: the pooled backtest ratios |actual − forecast| / half-width
 * give, per level, the factor that makes that share of backtest points fall inside (split-conformal
 * style; Vovk et al. 2005), clamped to [0.8, 2].
 * Rules: fewer than `minHistory` points → moving-average fallback (spec: "sufficient data? → fallback");
 * intermittent demand (ADI > 1.32, Syntetos–Boylan–Croston 2005) → the Croston family instead;
 * a short seasonal history (two to three seasons, a repeating profile: `shortSeasonIndices`) → the members
 * forecast the seasonally adjusted series and the ensemble puts the season back (as the M3 Theta adjustment);
 * a long season (period > 24, possibly fractional such as 52.18 weeks; or undeclared, period 1, and found by
 * `detectPeriods`) → the same, with `longSeasonAdjustment`, because ETS, ARIMA and the backtests cannot carry
 * a 52-point season themselves.
 */
export interface EnsembleOptions {
  readonly members: readonly string[];
  readonly intermittentMembers: readonly string[];
  readonly levels: readonly number[];
  readonly seed: number;
  /** Number of rolling origins for the weights and the interval calibration (default 1: the last h observations). */
  readonly windows: number;
  /** Distance between origins (default: the horizon). */
  readonly step?: number;
  /** Below this many observations: moving-average fallback (default max(6, m)). */
  readonly minHistory?: number;
  /** Members whose backtest error exceeds `trim` × the best get weight 0 (default 2). */
  readonly trim: number;
  /** Backward elimination of members on the pooled backtest (default false: on M3 monthly it dropped a member that helped). */
  readonly selectMembers: boolean;
  /**
   * Seasons looked for in series declared non-seasonal (period 1) that are long enough (n ≥ 3 periods):
   * default [52.18], the yearly cycle of weekly data (M4 declares weekly data with m = 1). Monthly, quarterly
   * and yearly histories are far shorter than 156 points, so this never applies to them.
   */
  readonly detectPeriods: readonly number[];
  /**
   * How members are combined: 'weighted' (∝ 1 / backtest MASE with trimming; median without a backtest), or the
   * equal-weight 'mean', 'median', 'trimmed' mean (per step, the highest and the lowest member dropped when
   * there are at least 4; Jose & Winkler 2008) or 'family-median' (per step, the median over method families of
   * each family's mean, {@link MEMBER_FAMILIES}: the robust median of distinct methods, as SCUM in M4) of the
   * members that produced a forecast; intervals (bounds combined the same way) are calibrated on the pooled
   * backtest for all of them.
   */
  readonly combination: Combination;
  readonly onProgress?: (done: number) => void;
}

export interface EnsembleResult extends Forecast {
  readonly method: Combination | 'intermittent' | 'fallback';
  /** Member weights (sum 1) — zero for members trimmed or failed. */
  readonly weights: Record<string, number>;
  /** Backtest errors per member (sMAPE, MASE) that produced the weights. */
  readonly backtest: Record<string, { readonly smape: number; readonly mase: number; readonly coverage95?: number }>;
  /** Each member's point forecast. */
  readonly members: Record<string, number[]>;
  /** Members that could not be used, with the reason. */
  readonly excluded: Record<string, string>;
  /** Calibration factor applied to the interval half-widths, per level. */
  readonly intervalScale: Record<string, number>;
  /** ETS decomposition (in-sample level, slope, season) when ETS is a member. */
  readonly components?: { readonly model: string; readonly level: number[]; readonly slope: number[]; readonly season: number[] };
  /** Prophet decomposition when Prophet is a member: {@link ProphetDecomposition}. */
  readonly prophetComponents?: ProphetDecomposition;
  readonly fallback?: { readonly code: string; readonly reason: string };
  /** Multiplicative seasonal indices the ensemble applied itself (short or long seasons): observation t uses bin ⌊(t mod period)/period · indices.length⌋. */
  readonly seasonalAdjustment?: { readonly period: number; readonly indices: number[]; readonly reason: string };
}

/**
 * Default members: the statistical core the M3/M4 evidence supports (ETS, the Theta family, automatic ARIMA) and
 * the models that bring diversity to it (Prophet, and the global random forest, LSTM and N-BEATS, which in-sample
 * hold-outs of M3 monthly showed lowering the combination's error: N-BEATS beside the LSTM, the two as one neural
 * family, 13.824 → 13.737 and 11.140 → 11.007 sMAPE on the two hold-outs of bench/README.md, session 6). Any
 * registered model can join via `members` (CLI `--members`); `global_linear` is not a default member (it made the
 * hold-out combination worse).
 */
export const DEFAULT_MEMBERS: readonly string[] = ['ets', 'theta', 'dotm', 'otm', 'arima', 'prophet', 'rf', 'lstm', 'nbeats'];
export const DEFAULT_INTERMITTENT_MEMBERS: readonly string[] = ['croston', 'sba', 'tsb'];

export interface EnsembleItem extends Series {
  readonly h: number;
  /** The regressors' values over the h forecast steps (each of length h), when the series has regressors. */
  readonly futureRegressors?: Readonly<Record<string, readonly number[]>>;
}

/**
 * The Prophet member's additive decomposition, in the series' units, over its fitted window (observations `start`
 * to n − 1) followed by the h forecast steps: trend, each seasonality (e.g. `yearly`) and each regressor (holiday,
 * promotion) contribution; per step the parts sum to Prophet's fitted value or forecast.
 */
export interface ProphetDecomposition {
  readonly model: string;
  readonly start: number;
  readonly trend: number[];
  readonly seasonal: Record<string, number[]>;
  readonly regressors: Record<string, number[]>;
}

export interface MemberRun {
  readonly forecast: Array<Forecast | Error>;
  readonly backtest: Array<BacktestSummary | Error>;
  readonly components: Array<EnsembleResult['components']>;
  readonly prophetComponents?: Array<ProphetDecomposition | undefined>;
}

function prophetDecomposition(model: Model, fitted: Fitted<ProphetState>, item: EnsembleItem): ProphetDecomposition | undefined {
  if (!model.decompose) return undefined;
  const inSample = fitted.state.components;
  const ahead = model.decompose(fitted, forecastOptions(item, item.h));
  const join = (a: Record<string, number[]>, b: Record<string, number[]>) => Object.fromEntries(Object.keys(a).map((k) => [k, [...a[k]!, ...(b[k] ?? [])]]));
  return {
    model: `prophet (${fitted.state.mode}, ${fitted.state.growth} trend)`,
    start: fitted.state.historyOffset,
    trend: [...inSample.trend, ...ahead.trend],
    seasonal: join(inSample.seasonal, ahead.seasonal),
    regressors: join(inSample.regressors, ahead.regressors),
  };
}

/** Forecast options for an item: its horizon and, when it has regressors, their future values. */
function forecastOptions(item: EnsembleItem, h: number, levels?: readonly number[]): ForecastOptions {
  return { h, ...(levels ? { levels } : {}), ...(item.futureRegressors ? { futureRegressors: item.futureRegressors } : {}) };
}

function runMember(model: Model, items: readonly EnsembleItem[], h: number, options: EnsembleOptions): MemberRun {
  const levels = options.levels;
  const fits = fitBatch(model, items, options.seed);
  const forecast = fits.map((f, i) => {
    if (f instanceof Error) return f;
    try {
      const fc = model.forecast(f, forecastOptions(items[i]!, items[i]!.h, levels));
      if (!isFiniteForecast(fc)) return new ForecastError('fit_failed', `${model.name}: non-finite forecast`);
      const why = implausible(items[i]!.values, fc.mean);
      return why ? new ForecastError('fit_failed', `${model.name}: implausible forecast (${why})`) : fc;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  });
  const components = fits.map((f) => {
    if (f instanceof Error || model.name !== 'ets') return undefined;
    const st = f.state as EtsState;
    const c = st.components;
    // the decomposition is the AICc winner's; the ETS forecast is the Akaike-weighted mean of the candidates
    const share = st.mixture?.find((m) => m.spec === st.spec)?.weight;
    const name = st.mixture && share !== undefined ? `ets ${st.spec} (the AICc winner, ${Math.round(100 * share)} % of the Akaike-weighted ETS forecast over ${st.mixture.length} candidates)` : `ets ${st.spec}`;
    return { model: name, level: c.level, slope: c.slope, season: c.season };
  });
  const prophet =
    model.name === 'prophet'
      ? fits.map((f, i) => {
          if (f instanceof Error) return undefined;
          try {
            return prophetDecomposition(model, f as Fitted<ProphetState>, items[i]!);
          } catch {
            return undefined; // the decomposition explains; a forecast without it still stands
          }
        })
      : undefined;
  const backtest = backtestBatch(
    model,
    items,
    { horizon: h, windows: options.windows, step: options.step, levels, seed: options.seed, minTrain: (s) => Math.max(10, 2 * s.period) },
    fits,
  );
  return { forecast, backtest, components, ...(prophet ? { prophetComponents: prophet } : {}) };
}

/**
 * A member forecast that leaves the history's range by more than twice that range (an exploding
 * recursion or a mis-identified model) is excluded rather than averaged in.
 */
export function implausible(history: readonly number[], mean: readonly number[]): string | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of history) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = Math.max(hi - lo, 1e-9 * Math.max(1, Math.abs(hi)));
  const bad = mean.findIndex((v) => v > hi + 2 * range || v < lo - 2 * range);
  return bad >= 0 ? `step ${bad + 1} = ${mean[bad]} outside [${lo - 2 * range}, ${hi + 2 * range}]` : undefined;
}

function weightsFor(errors: Record<string, number>, names: readonly string[], trim: number): Record<string, number> | undefined {
  const finite = names.filter((k) => Number.isFinite(errors[k]!) && errors[k]! >= 0);
  if (finite.length === 0) return undefined;
  const best = Math.min(...finite.map((k) => errors[k]!));
  const raw: Record<string, number> = {};
  let total = 0;
  for (const k of names) {
    const e = errors[k];
    const w = e === undefined || !Number.isFinite(e) || e > trim * best ? 0 : 1 / Math.max(e, 1e-6);
    raw[k] = w;
    total += w;
  }
  if (!(total > 0)) return undefined;
  for (const k of names) raw[k] = raw[k]! / total;
  return raw;
}

function weightedBounds(fcs: Array<[Forecast, number]>, h: number, level: number): { lower: number[]; upper: number[] } {
  const lower = new Array<number>(h).fill(0);
  const upper = new Array<number>(h).fill(0);
  for (const [fc, w] of fcs) {
    const iv = fc.intervals.find((i) => i.level === level)!;
    for (let t = 0; t < h; t++) {
      lower[t]! += w * iv.lower[t]!;
      upper[t]! += w * iv.upper[t]!;
    }
  }
  return { lower, upper };
}

export type Combination = 'weighted' | 'mean' | 'median' | 'trimmed' | 'family-median';

/**
 * Members that are variants of one method count as one voice in the 'family-median' combination: the Theta family
 * (classic Theta, OTM and DOTM — Fiorucci et al. 2016 generalise the classic method) and the neural networks (the
 * LSTM and N-BEATS, both global networks trained on windows of the same series); every other member is its own
 * family. On the session-6 hold-outs the neural family beat N-BEATS as a seventh voice on MASE (0.854 vs 0.864,
 * 0.788 vs 0.791) at equal sMAPE.
 */
export const MEMBER_FAMILIES: Readonly<Record<string, string>> = { theta: 'theta', otm: 'theta', dotm: 'theta', lstm: 'neural', nbeats: 'neural' };

/** Per step, the mean of each family's members (families in order of first appearance). */
function familyMeans(names: readonly string[], values: number[][], h: number): number[][] {
  const families = new Map<string, number[][]>();
  names.forEach((name, i) => {
    const fam = MEMBER_FAMILIES[name] ?? name;
    families.set(fam, [...(families.get(fam) ?? []), values[i]!]);
  });
  return [...families.values()].map((vs) => Array.from({ length: h }, (_, t) => vs.reduce((a, v) => a + v[t]!, 0) / vs.length));
}

/**
 * Each member's share of the vote in the 'family-median': one voice per family, split evenly inside it (the median
 * itself has no weights; this is what the result reports as the members' weights).
 */
export function familyShares(names: readonly string[]): Record<string, number> {
  const size = new Map<string, number>();
  for (const name of names) size.set(MEMBER_FAMILIES[name] ?? name, (size.get(MEMBER_FAMILIES[name] ?? name) ?? 0) + 1);
  return Object.fromEntries(names.map((name) => [name, 1 / (size.size * size.get(MEMBER_FAMILIES[name] ?? name)!)]));
}

/** Default combination of the members (see `EnsembleOptions.combination`). */
export const DEFAULT_COMBINATION: Combination = 'family-median';

/** Backtest origins per member by default: one, the last h observations (see `EnsembleOptions.windows`). */
export const DEFAULT_WINDOWS = 1;

function medianOf(values: number[][], h: number): number[] {
  return Array.from({ length: h }, (_, t) => quantile(values.map((v) => v[t]!), 0.5));
}

function trimmedMeanOf(values: number[][], h: number): number[] {
  return Array.from({ length: h }, (_, t) => {
    const xs = values.map((v) => v[t]!).sort((a, b) => a - b);
    const kept = xs.length >= 4 ? xs.slice(1, -1) : xs;
    return kept.reduce((a, b) => a + b, 0) / kept.length;
  });
}

interface Combined {
  readonly mean: number[];
  readonly bounds: Map<number, { lower: number[]; upper: number[] }>;
}

function combine(fcs: Array<[string, Forecast]>, weights: Record<string, number> | undefined, h: number, levels: readonly number[], how: Combination = 'weighted'): Combined {
  if (!weights || how === 'median' || how === 'trimmed' || how === 'family-median') {
    const names = fcs.map(([k]) => k);
    const of = (values: number[][], len: number): number[] =>
      how === 'family-median' && weights ? medianOf(familyMeans(names, values, len), len) : how === 'trimmed' && weights ? trimmedMeanOf(values, len) : medianOf(values, len);
    const mean = of(fcs.map(([, f]) => f.mean), h);
    const bounds = new Map(
      levels.map((l) => [
        l,
        {
          lower: of(fcs.map(([, f]) => f.intervals.find((i) => i.level === l)!.lower), h),
          upper: of(fcs.map(([, f]) => f.intervals.find((i) => i.level === l)!.upper), h),
        },
      ]),
    );
    return { mean, bounds };
  }
  const used = fcs.filter(([k]) => (weights[k] ?? 0) > 0).map(([k, f]) => [f, weights[k]!] as [Forecast, number]);
  const mean = new Array<number>(h).fill(0);
  for (const [f, w] of used) for (let t = 0; t < h; t++) mean[t]! += w * f.mean[t]!;
  return { mean, bounds: new Map(levels.map((l) => [l, weightedBounds(used, h, l)])) };
}

/**
 * Member forecasts combined by a rule without interval calibration (e.g. to score the combination on backtest
 * windows); equal weights for the equal-weight rules, `weights` (summing to 1) for 'weighted'.
 */
export function combineForecasts(fcs: Array<[string, Forecast]>, how: Combination, levels: readonly number[], weights?: Record<string, number>): Forecast {
  const h = fcs[0]?.[1].mean.length ?? 0;
  const w = how === 'weighted' && weights ? weights : Object.fromEntries(fcs.map(([k]) => [k, 1 / fcs.length]));
  const c = combine(fcs, w, h, levels, how);
  return { mean: c.mean, intervals: levels.map((level) => ({ level, ...c.bounds.get(level)! })) };
}

/** |actual − forecast| / half-width on the side of the actual (≤ 1 means inside). */
function ratios(actual: readonly number[], c: Combined, level: number): number[] {
  const b = c.bounds.get(level)!;
  return actual.map((a, t) => {
    const f = c.mean[t]!;
    const hw = a >= f ? b.upper[t]! - f : f - b.lower[t]!;
    return Math.abs(a - f) / Math.max(hw, 1e-12 * Math.max(1, Math.abs(f)));
  });
}

function calibrate(c: Combined, scale: Record<string, number>, levels: readonly number[]): Interval[] {
  return levels.map((level) => {
    const k = scale[String(level)] ?? 1;
    const b = c.bounds.get(level)!;
    return {
      level,
      lower: c.mean.map((m, t) => Math.min(m, m - k * (m - b.lower[t]!))),
      upper: c.mean.map((m, t) => Math.max(m, m + k * (b.upper[t]! - m))),
    };
  });
}

/** Keeps intervals nested (a wider level never inside a narrower one) after per-level calibration. */
function nest(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.level - b.level);
  for (let k = 1; k < sorted.length; k++) {
    const inner = sorted[k - 1]!;
    const outer = sorted[k]!;
    for (let t = 0; t < outer.lower.length; t++) {
      outer.lower[t] = Math.min(outer.lower[t]!, inner.lower[t]!);
      outer.upper[t] = Math.max(outer.upper[t]!, inner.upper[t]!);
    }
  }
  return intervals;
}

interface Window {
  readonly origin: number;
  readonly actual: number[];
  readonly scale: number;
  readonly forecasts: Map<string, Forecast>;
}

interface SeriesPartial {
  readonly item: EnsembleItem;
  readonly fcs: Array<[string, Forecast]>;
  readonly errors: Record<string, number>;
  readonly excluded: Record<string, string>;
  readonly backtest: EnsembleResult['backtest'];
  readonly windows: Window[];
}

function seriesPartial(item: EnsembleItem, j: number, names: readonly string[], runs: ReadonlyMap<string, MemberRun>): SeriesPartial {
  const excluded: Record<string, string> = {};
  const fcs: Array<[string, Forecast]> = [];
  const errors: Record<string, number> = {};
  const backtest: EnsembleResult['backtest'] = {};
  const windows = new Map<number, Window>();
  for (const name of names) {
    const run = runs.get(name)!;
    const fc = run.forecast[j]!;
    if (fc instanceof Error) {
      excluded[name] = fc.message;
      continue;
    }
    fcs.push([name, fc]);
    const bt = run.backtest[j]!;
    if (bt instanceof Error || bt.windows.length === 0) continue;
    errors[name] = bt.mase;
    backtest[name] = bt.coverage95 === undefined ? { smape: bt.smape, mase: bt.mase } : { smape: bt.smape, mase: bt.mase, coverage95: bt.coverage95 };
    for (const w of bt.windows) {
      let win = windows.get(w.origin);
      if (!win) windows.set(w.origin, (win = { origin: w.origin, actual: w.actual, scale: robustScale(item.values.slice(0, w.origin), item.period), forecasts: new Map() }));
      win.forecasts.set(name, w.forecast);
    }
  }
  return { item, fcs, errors, excluded, backtest, windows: [...windows.values()] };
}

function combineWindow(w: Window, names: readonly string[], weights: Record<string, number>, levels: readonly number[], how: Combination = 'weighted'): Combined | undefined {
  if (!names.every((k) => w.forecasts.has(k))) return undefined;
  return combine(names.map((k) => [k, w.forecasts.get(k)!]), weights, w.actual.length, levels, how);
}

/**
 * Members earn their place on the backtest (backward elimination): starting from every member, the one
 * whose removal most lowers the pooled backtest error of the weighted combination — ½(sMAPE/sMAPE₀ +
 * MASE/MASE₀) relative to the full set — is dropped, until no removal helps by at least 1 %. Needs a
 * pool of at least 10 series with backtests; otherwise every member stays.
 */
function admitMembers(partials: readonly SeriesPartial[], names: readonly string[], trim: number): Set<string> {
  const active = new Set(names);
  const withBt = partials.filter((p) => p.windows.length > 0);
  if (withBt.length < 10 || names.length < 3) return active;
  const score = (set: ReadonlySet<string>): { s: number; q: number } => {
    let s = 0;
    let q = 0;
    let k = 0;
    for (const p of withBt) {
      const use = p.fcs.map(([n]) => n).filter((n) => set.has(n) && p.errors[n] !== undefined);
      if (use.length === 0) continue;
      const w = weightsFor(p.errors, use, trim);
      if (!w) continue;
      for (const win of p.windows) {
        const c = combineWindow(win, use, w, []);
        if (!c) continue;
        s += smape(win.actual, c.mean);
        q += mae(win.actual, c.mean) / win.scale;
        k++;
      }
    }
    return { s: s / Math.max(1, k), q: q / Math.max(1, k) };
  };
  const base = score(active);
  if (!(base.s > 0) || !(base.q > 0)) return active;
  const rel = (x: { s: number; q: number }): number => 0.5 * (x.s / base.s + x.q / base.q);
  let current = 1;
  while (active.size > 2) {
    let bestName: string | undefined;
    let bestVal = Infinity;
    for (const n of active) {
      const trial = new Set(active);
      trial.delete(n);
      const v = rel(score(trial));
      if (v < bestVal) {
        bestVal = v;
        bestName = n;
      }
    }
    if (!bestName || !(bestVal < current * 0.99)) break;
    active.delete(bestName);
    current = bestVal;
  }
  return active;
}

/** One group of series the members run on together: same horizon, regular or intermittent. */
export interface EnsembleGroup {
  readonly key: string;
  readonly intermittent: boolean;
  readonly h: number;
  /** Indices into the input items. */
  readonly idx: number[];
  /** What the members see (seasonally adjusted where the ensemble carries the season itself). */
  readonly batch: EnsembleItem[];
  /** Member names to run on this group. */
  readonly names: readonly string[];
}

/**
 * The ensemble split into its phases, so that a caller may run the members elsewhere (e.g. the CLI runs each
 * member, or a chunk of series of a local member, as a task on a worker thread, and global members once across all
 * series): `prepareEnsemble` answers the series that need no members and forms the groups, `runMember` runs one
 * member on (part of) a group, `combineGroup` combines a group's member runs, `finishEnsemble` returns the results.
 */
export interface EnsemblePlan {
  readonly options: EnsembleOptions;
  readonly items: readonly EnsembleItem[];
  readonly groups: EnsembleGroup[];
  readonly out: Array<EnsembleResult | Error | undefined>;
  readonly adjusted: Map<number, SeasonalAdjustment & { reason: string }>;
  done: number;
}

export function prepareEnsemble(items: readonly EnsembleItem[], partial: Partial<EnsembleOptions> & { levels: readonly number[] }): EnsemblePlan {
  const levels = checkLevels(partial.levels);
  const options: EnsembleOptions = {
    members: (partial.members ?? DEFAULT_MEMBERS).filter((m) => registry[m]),
    intermittentMembers: (partial.intermittentMembers ?? DEFAULT_INTERMITTENT_MEMBERS).filter((m) => registry[m]),
    seed: partial.seed ?? 1,
    windows: partial.windows ?? DEFAULT_WINDOWS,
    trim: partial.trim ?? 2,
    selectMembers: partial.selectMembers ?? false,
    combination: partial.combination ?? DEFAULT_COMBINATION,
    detectPeriods: partial.detectPeriods ?? [WEEKS_PER_YEAR],
    ...(partial.step !== undefined ? { step: partial.step } : {}),
    ...(partial.minHistory !== undefined ? { minHistory: partial.minHistory } : {}),
    ...(partial.onProgress ? { onProgress: partial.onProgress } : {}),
    levels,
  };
  const out: Array<EnsembleResult | Error | undefined> = items.map(() => undefined);
  const byKey = new Map<string, number[]>();
  const work: EnsembleItem[] = [...items];
  const adjusted = new Map<number, SeasonalAdjustment & { reason: string }>();
  items.forEach((item, i) => {
    const bad = item.values.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad >= 0) {
      out[i] = new ForecastError('invalid_values', `value at position ${bad + 1} is missing or not a finite number`);
      return;
    }
    const regressorProblem = checkRegressors(item);
    if (regressorProblem) {
      out[i] = new ForecastError('invalid_values', regressorProblem);
      return;
    }
    const minHistory = options.minHistory ?? Math.max(6, item.period);
    if (item.values.length < minHistory) {
      if (item.values.length === 0) {
        out[i] = new ForecastError('too_short', 'the series is empty');
        return;
      }
      const fc = movingAverageFallback(item.values, item.period, item.h, levels);
      out[i] = {
        ...fc, method: 'fallback', weights: { moving_average: 1 }, backtest: {}, members: { moving_average: fc.mean }, excluded: {}, intervalScale: {},
        fallback: { code: 'too_short', reason: `${item.values.length} observations < minimum history ${minHistory}: moving average` },
      };
      return;
    }
    const intermittent = options.intermittentMembers.length > 0 && isIntermittent(item.values) && item.values.every((v) => v >= 0);
    const adjustment = intermittent ? undefined : seasonalAdjustmentFor(item, options.detectPeriods);
    if (adjustment) adjusted.set(i, adjustment);
    if (adjustment || item.period > 24) {
      // members see the adjusted series, without a season they could not fit anyway
      work[i] = { ...item, values: adjustment ? item.values.map((v, t) => v / factorAt(adjustment, t)) : item.values, period: 1 };
    }
    const key = `${intermittent ? 'i' : 'r'}|${item.h}`;
    byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  const plan: EnsemblePlan = {
    options,
    items,
    out,
    adjusted,
    done: 0,
    groups: [...byKey].map(([key, idx]) => {
      const intermittent = key.startsWith('i');
      return { key, intermittent, h: Number(key.split('|')[1]), idx, batch: idx.map((i) => work[i]!), names: intermittent ? options.intermittentMembers : options.members };
    }),
  };
  // series already answered (bad input, fallback) count as done
  for (const r of out) if (r) options.onProgress?.(++plan.done);
  return plan;
}

/** Runs one member on a group's series (or a contiguous slice of them: `from`, `to`). */
export function runGroupMember(plan: EnsemblePlan, group: EnsembleGroup, name: string, from = 0, to = group.batch.length): MemberRun {
  return runMember(registry[name]!, group.batch.slice(from, to), group.h, plan.options);
}

/** Concatenates the runs of one member on consecutive slices of a group. */
export function concatRuns(parts: readonly MemberRun[]): MemberRun {
  const prophet = parts.some((p) => p.prophetComponents) ? parts.flatMap((p) => p.prophetComponents ?? p.forecast.map(() => undefined)) : undefined;
  return { forecast: parts.flatMap((p) => p.forecast), backtest: parts.flatMap((p) => p.backtest), components: parts.flatMap((p) => p.components), ...(prophet ? { prophetComponents: prophet } : {}) };
}

/** Combines the member runs of a group into the group's results (in `plan.out`). */
export function combineGroup(plan: EnsemblePlan, group: EnsembleGroup, runs: ReadonlyMap<string, MemberRun>): void {
  const { options } = plan;
  const { levels } = options;
  const { names, batch, idx, intermittent } = group;
  const out = plan.out;
  const partials = batch.map((item, j) => seriesPartial(item, j, names, runs));
  const admitted = options.selectMembers ? admitMembers(partials, names, options.trim) : new Set(names);
  const pooled = new Map<number, number[]>(levels.map((l) => [l, []]));
  const finals = partials.map((p) => {
    const usable = p.fcs.map(([k]) => k).filter((k) => admitted.has(k));
    const fcs = usable.length > 0 ? p.fcs.filter(([k]) => admitted.has(k)) : p.fcs;
    const names2 = fcs.map(([k]) => k);
    const hasBacktest = names2.length > 0 && names2.every((k) => p.errors[k] !== undefined);
    // equal-weight rules need no backtest for the point forecast (only the interval calibration, pooled over the
    // group, comes from it); the weighted rule without a backtest falls back to the median
    const weights = options.combination === 'weighted'
      ? hasBacktest ? weightsFor(p.errors, names2, options.trim) : undefined
      : names2.length === 0 ? undefined
      : options.combination === 'family-median' ? familyShares(names2)
      : Object.fromEntries(names2.map((k) => [k, 1 / names2.length]));
    if (weights) for (const w of p.windows) {
      const c = combineWindow(w, names2, weights, levels, options.combination);
      if (c) for (const l of levels) pooled.get(l)!.push(...ratios(w.actual, c, l));
    }
    return { ...p, fcs, weights };
  });
  const intervalScale: Record<string, number> = {};
  for (const l of levels) {
    const r = pooled.get(l)!;
    intervalScale[String(l)] = r.length >= 20 ? Math.min(2, Math.max(0.8, quantile(r, l / 100))) : 1;
  }
  finals.forEach((p, j) => {
    const i = idx[j]!;
    if (p.fcs.length === 0) {
      out[i] = new ForecastError('fit_failed', `every ensemble member failed: ${Object.entries(p.excluded).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
    } else {
      const c = combine(p.fcs, p.weights, p.item.h, levels, options.combination);
      const weights: Record<string, number> = p.weights ? { ...p.weights } : Object.fromEntries(p.fcs.map(([k]) => [k, 1 / p.fcs.length]));
      const excluded = { ...p.excluded };
      for (const k of names) {
        if (weights[k] === undefined) weights[k] = 0;
        if (!admitted.has(k) && !excluded[k]) excluded[k] = 'not admitted: leaving it out lowered the pooled backtest error of the combination';
      }
      const components = runs.get('ets')?.components[j];
      const prophetParts = p.fcs.some(([k]) => k === 'prophet') ? runs.get('prophet')?.prophetComponents?.[j] : undefined;
      out[i] = {
        mean: c.mean,
        intervals: nest(calibrate(c, p.weights ? intervalScale : {}, levels)),
        method: intermittent ? 'intermittent' : p.weights ? options.combination : 'median',
        weights,
        backtest: p.backtest,
        members: Object.fromEntries(p.fcs.map(([k, f]) => [k, f.mean])),
        excluded,
        intervalScale: p.weights ? intervalScale : {},
        ...(components ? { components } : {}),
        ...(prophetParts ? { prophetComponents: prophetParts } : {}),
      };
    }
    options.onProgress?.(++plan.done);
  });
}

/** The results, per input item, once every group is combined (seasons the ensemble carried itself put back). */
export function finishEnsemble(plan: EnsemblePlan): Array<EnsembleResult | Error> {
  const out = plan.out;
  for (const [i, adjustment] of plan.adjusted) {
    const r = out[i];
    if (r && !(r instanceof Error)) out[i] = reseasonalise(r, adjustment, plan.items[i]!.values.length);
  }
  return out.map((r) => r ?? new ForecastError('fit_failed', 'series was not processed'));
}

/**
 * Forecasts a batch of series with the ensemble. Returns, per series, a result or an Error
 * (typed `ForecastError` for bad input) — never NaN or Infinity.
 */
export function ensembleForecastBatch(items: readonly EnsembleItem[], partial: Partial<EnsembleOptions> & { levels: readonly number[] }): Array<EnsembleResult | Error> {
  const plan = prepareEnsemble(items, partial);
  for (const group of plan.groups) {
    combineGroup(plan, group, new Map(group.names.map((name) => [name, runGroupMember(plan, group, name)])));
  }
  return finishEnsemble(plan);
}

/** Why an item's regressors cannot be used (a length that does not match the history or the horizon, a non-finite value), if so. */
function checkRegressors(item: EnsembleItem): string | undefined {
  for (const [name, xs] of Object.entries(item.regressors ?? {})) {
    if (xs.length !== item.values.length) return `regressor "${name}" has ${xs.length} values, the series has ${item.values.length}`;
    const future = item.futureRegressors?.[name];
    if (!future || future.length !== item.h) return `regressor "${name}" needs ${item.h} future values`;
    if (![...xs, ...future].every((x) => typeof x === 'number' && Number.isFinite(x))) return `regressor "${name}" has a missing or non-finite value`;
  }
  return undefined;
}

/** The ensemble's own seasonal adjustment of a series, if any (see the rules on `EnsembleOptions`). */
function seasonalAdjustmentFor(item: EnsembleItem, detectPeriods: readonly number[]): (SeasonalAdjustment & { reason: string }) | undefined {
  const n = item.values.length;
  const m = item.period;
  if (m > 1 && m <= 24) {
    const indices = shortSeasonIndices(item.values, m);
    const reason = `${Math.floor(n / m)} full seasons (fewer than 3): the last two seasons repeat the same profile, so members forecast the seasonally adjusted series`;
    return indices ? { period: m, indices, reason } : undefined;
  }
  const candidates = m > 24 ? [m === 52 ? WEEKS_PER_YEAR : m] : m === 1 ? detectPeriods : [];
  for (const p of candidates) {
    const a = longSeasonAdjustment(item.values, p);
    if (a) return { ...a, reason: `season of ${p.toFixed(2)} periods${m === 1 ? ' (found in the data)' : ''}: members forecast the seasonally adjusted series` };
  }
  return undefined;
}

/** Multiplies a result for the seasonally adjusted series back by the seasonal factors (step i is observation n + i). */
function reseasonalise(r: EnsembleResult, a: SeasonalAdjustment & { reason: string }, n: number): EnsembleResult {
  const f = (v: readonly number[]): number[] => v.map((x, i) => x * factorAt(a, n + i));
  const components = r.components && {
    model: `${r.components.model} on seasonally adjusted data`,
    level: r.components.level,
    slope: r.components.slope,
    season: r.components.level.map((l, t) => l * (factorAt(a, t) - 1)),
  };
  // Prophet's parts describe the adjusted series x; y = x·f adds the ensemble's season x·(f − 1) as one more part
  const pc = r.prophetComponents;
  const prophetComponents = pc && {
    ...pc,
    model: `${pc.model} on seasonally adjusted data`,
    seasonal: {
      ...pc.seasonal,
      [`season (${a.period.toFixed(2).replace(/\.00$/, '')} periods, ensemble)`]: pc.trend.map((tr, k) => {
        const x = tr + Object.values(pc.seasonal).reduce((s, v) => s + v[k]!, 0) + Object.values(pc.regressors).reduce((s, v) => s + v[k]!, 0);
        return x * (factorAt(a, pc.start + k) - 1);
      }),
    },
  };
  return {
    ...r,
    mean: f(r.mean),
    intervals: r.intervals.map((iv) => ({ level: iv.level, lower: f(iv.lower), upper: f(iv.upper) })),
    members: Object.fromEntries(Object.entries(r.members).map(([k, v]) => [k, f(v)])),
    ...(components ? { components } : {}),
    ...(prophetComponents ? { prophetComponents } : {}),
    seasonalAdjustment: { period: a.period, indices: [...a.indices], reason: a.reason },
  };
}

/** MASE-type scale used for the weights, exposed for reports. */
export { robustScale };
