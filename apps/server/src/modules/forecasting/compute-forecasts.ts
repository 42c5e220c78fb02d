import { combineForecasts, DEFAULT_MEMBERS, type Combination, type ProphetDecomposition } from '@sentia/forecast/ensemble/ensemble';
import { backtestBatch, robustScale, type BacktestSummary } from '@sentia/forecast/backtest/backtest';
import { coverage, mae, mape, rmse, smape, wape } from '@sentia/forecast/metrics/metrics';
import type { Forecast } from '@sentia/forecast/model';
import { getModel } from '@sentia/forecast/registry';
import { forecastBatch, type BatchResult } from '@sentia/forecast/runner/forecast-batch';

/**
 * The product's ensemble members: the engine's default without N-BEATS. N-BEATS is a large network (≈ 40 000
 * parameters per net) that learns from many series; trained on a forecast job's batches of a few dozen short company
 * series it lowered the demo company's accuracy (`npx tsx scripts/bench-forecast-accuracy.ts [week]`, 1–3 / 4–6 months
 * ahead: monthly total 88.6 → 87.7, weekly total 89.4 / 85.4 → 87.8 / 81.7), while it helps on the 1428-series M3 set.
 */
export const PRODUCT_MEMBERS: readonly string[] = DEFAULT_MEMBERS.filter((m) => m !== 'nbeats');

/** One series handed to the worker thread. `period` 1 means trend models only (history shorter than two seasons). */
export interface ComputeItem {
  id: string;
  values: number[];
  period: number;
  h: number;
  /** Holiday/promotion regressors per event name over the history, and their planned values over the h steps. */
  regressors?: Record<string, number[]>;
  futureRegressors?: Record<string, number[]>;
}

export interface ComputeInput {
  items: ComputeItem[];
  levels: number[];
  /** Below this many points the engine uses its moving-average fallback (spec: 12 months for trend models). */
  minHistory: number;
  seed: number;
  /** Rolling origins for the per-model comparison table. */
  comparisonWindows: number;
}

/** Backtest metrics of one model on one series, pooled over the rolling-origin windows. */
export interface ComparisonRow {
  model: string;
  weight: number | null;
  points: number;
  mape: number | null;
  rmse: number | null;
  mae: number | null;
  mase: number | null;
  smape: number | null;
  coverage80: number | null;
  coverage95: number | null;
  /** 100 − WAPE. */
  accuracy: number | null;
  excludedReason: string | null;
}

export interface ComputeOutput {
  id: string;
  model: string;
  method: string;
  mean: number[];
  intervals: Forecast['intervals'];
  fallback: { code: string; reason: string } | null;
  weights: Record<string, number>;
  intervalScale: Record<string, number>;
  components: { model: string; level: number[]; slope: number[]; season: number[] } | null;
  /** Prophet's decomposition over its fitted window and the horizon (trend, seasonalities, regressors). */
  prophetComponents: ProphetDecomposition | null;
  comparison: ComparisonRow[];
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

interface Pooled {
  actual: number[];
  mean: number[];
  lo80: number[];
  hi80: number[];
  lo95: number[];
  hi95: number[];
  scaledAbs: number;
}

function pool(windows: ReadonlyArray<{ origin: number; actual: number[]; forecast: Pick<Forecast, 'mean' | 'intervals'> }>, values: readonly number[], period: number): Pooled {
  const p: Pooled = { actual: [], mean: [], lo80: [], hi80: [], lo95: [], hi95: [], scaledAbs: 0 };
  for (const w of windows) {
    const k = w.actual.length;
    const scale = robustScale(values.slice(0, w.origin), period);
    const iv80 = w.forecast.intervals.find((i) => i.level === 80);
    const iv95 = w.forecast.intervals.find((i) => i.level === 95);
    for (let i = 0; i < k; i++) {
      p.actual.push(w.actual[i]!);
      p.mean.push(w.forecast.mean[i]!);
      p.scaledAbs += Math.abs(w.actual[i]! - w.forecast.mean[i]!) / scale;
      if (iv80) {
        p.lo80.push(iv80.lower[i]!);
        p.hi80.push(iv80.upper[i]!);
      }
      if (iv95) {
        p.lo95.push(iv95.lower[i]!);
        p.hi95.push(iv95.upper[i]!);
      }
    }
  }
  return p;
}

function metricsRow(model: string, weight: number | null, p: Pooled): ComparisonRow {
  const n = p.actual.length;
  if (n === 0) return { model, weight, points: 0, mape: null, rmse: null, mae: null, mase: null, smape: null, coverage80: null, coverage95: null, accuracy: null, excludedReason: 'history too short for a backtest' };
  // MAPE is undefined on zero actuals (intermittent cells): reported over the non-zero periods only.
  const nz = p.actual.map((y, i) => [y, p.mean[i]!] as const).filter(([y]) => y !== 0);
  const w = wape(p.actual, p.mean);
  return {
    model,
    weight,
    points: n,
    mape: nz.length > 0 ? finiteOrNull(mape(nz.map((x) => x[0]), nz.map((x) => x[1]))) : null,
    rmse: finiteOrNull(rmse(p.actual, p.mean)),
    mae: finiteOrNull(mae(p.actual, p.mean)),
    mase: finiteOrNull(p.scaledAbs / n),
    smape: finiteOrNull(smape(p.actual, p.mean)),
    coverage80: p.lo80.length === n ? coverage(p.actual, p.lo80, p.hi80) : null,
    coverage95: p.lo95.length === n ? coverage(p.actual, p.lo95, p.hi95) : null,
    accuracy: Number.isFinite(w) ? 100 - w : null,
    excludedReason: null,
  };
}

/**
 * The ensemble's backtest: member backtest forecasts from the origins every used member shares, combined by the
 * ensemble's own rule (with the final weights when it weights by backtest: those weights were chosen on these same
 * windows, which flatters the row a little, and the row's name says so).
 */
function ensembleRow(method: string, weights: Record<string, number>, summaries: Map<string, BacktestSummary>, values: readonly number[], period: number): ComparisonRow | undefined {
  const active = Object.entries(weights).filter(([m, w]) => w > 0 && summaries.has(m));
  if (active.length === 0) return undefined;
  const origins = active
    .map(([m]) => new Set(summaries.get(m)!.windows.map((w) => w.origin)))
    .reduce((a, b) => new Set([...a].filter((o) => b.has(o))));
  const total = active.reduce((s, [, w]) => s + w, 0);
  const how: Combination = (['weighted', 'mean', 'median', 'trimmed', 'family-median'] as const).find((c) => c === method) ?? 'weighted';
  const windows = [...origins].map((origin) => {
    const parts = active.map(([m, w]) => [m, w / total, summaries.get(m)!.windows.find((x) => x.origin === origin)!] as const);
    const forecast = combineForecasts(parts.map(([m, , win]) => [m, win.forecast]), how, [80, 95], Object.fromEntries(parts.map(([m, w]) => [m, w])));
    return { origin, actual: parts[0]![2].actual, forecast };
  });
  return metricsRow('ensemble', 1, pool(windows, values, period));
}

/**
 * Forecasts every item with the ensemble (80/95 % intervals), and backtests each member model
 * on rolling origins for the comparison table. Pure CPU work: the forecast job runs it in a worker thread.
 */
export function computeForecasts(input: ComputeInput): ComputeOutput[] {
  const { items, levels, seed } = input;
  const results: BatchResult[] = forecastBatch(items, { model: 'ensemble', levels, seed, ensemble: { minHistory: input.minHistory, members: PRODUCT_MEMBERS } });
  const byPeriod = new Map<string, number[]>();
  items.forEach((item, i) => {
    const r = results[i]!;
    if (!r.ensemble || r.ensemble.method === 'fallback') return;
    const members = Object.keys(r.ensemble.weights).sort().join(',');
    const key = `${item.period}|${item.h}|${members}`;
    byPeriod.set(key, [...(byPeriod.get(key) ?? []), i]);
  });
  const summaries = items.map(() => new Map<string, BacktestSummary>());
  for (const [key, idx] of byPeriod) {
    const [, hText, memberList] = key.split('|');
    const h = Number(hText);
    const group = idx.map((i) => items[i]!);
    for (const name of memberList!.split(',').filter(Boolean)) {
      const model = getModel(name);
      // Shorter training windows than the ensemble's weighting uses (two full seasons): with the demo's two years of
      // history that rule leaves no origin at all, and the comparison table would be empty. Each model's own
      // minLength still applies.
      const bt = backtestBatch(model, group, { horizon: h, windows: input.comparisonWindows, levels, seed, minTrain: 10 });
      bt.forEach((b, j) => {
        if (!(b instanceof Error)) summaries[idx[j]!]!.set(name, b);
      });
    }
  }
  return items.map((item, i) => {
    const r = results[i]!;
    const e = r.ensemble;
    const weights = e?.weights ?? {};
    const comparison: ComparisonRow[] = [];
    if (e && e.method !== 'fallback') {
      for (const name of Object.keys(weights)) {
        const s = summaries[i]!.get(name);
        const excluded = e.excluded[name] ?? null;
        if (s) comparison.push({ ...metricsRow(name, weights[name] ?? 0, pool(s.windows, item.values, item.period)), excludedReason: excluded });
        else comparison.push({ ...metricsRow(name, weights[name] ?? 0, pool([], item.values, item.period)), excludedReason: excluded ?? 'backtest failed' });
      }
      const ens = ensembleRow(e.method, weights, summaries[i]!, item.values, item.period);
      if (ens) comparison.unshift({ ...ens, model: e.method === 'weighted' ? 'ensemble (weighted backtests)' : `ensemble (${e.method} of member backtests)` });
    }
    return {
      id: item.id,
      // The ensemble names its short-history fallback by method; store the model that made the numbers.
      model: r.model === 'fallback' ? 'moving_average' : r.model,
      method: e?.method ?? 'fallback',
      mean: r.mean,
      intervals: r.intervals,
      fallback: r.fallback ? { code: r.fallback.code, reason: r.fallback.reason } : null,
      weights,
      intervalScale: e?.intervalScale ?? {},
      components: e?.components ? { model: e.components.model, level: e.components.level, slope: e.components.slope, season: e.components.season } : null,
      prophetComponents: e?.prophetComponents ?? null,
      comparison,
    };
  });
}
