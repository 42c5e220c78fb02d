/**
 * Benchmarks one model of F2's (auto ARIMA by default) alone on a shared data set:
 *   npx tsx packages/forecast/bench/arima/run-arima-bench.ts <data dir> [--every K] [--model arima|croston|sba|tsb]
 *     [--approximation true|false] [--exact-refit true|false] [--period M]
 * Forecasts every K-th series from train.csv, scores against test.csv with the README's metrics
 * (sMAPE, MASE with the series' m, 95 % coverage and MSIS) next to seasonal naive, prints the
 * group means and the fitting time (single thread).
 */
import { join } from 'node:path';
import { readLongCsv, readSeriesCsv } from '../../src/cli/dataset.ts';
import { coverage, mase, msis, smape } from '../../src/metrics/metrics.ts';
import type { Model } from '../../src/model.ts';
import { autoArima } from '../../src/models/arima.ts';
import { croston, sba, tsb } from '../../src/models/croston.ts';
import { seasonalNaive } from '../../src/models/naive.ts';

const args = process.argv.slice(2);
const dir = args[0];
if (!dir) throw new Error('usage: run-arima-bench.ts <data dir> [--every K] [--model NAME] [--approximation true|false] [--period M]');
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const every = Number(flag('every') ?? 1);
const models: Record<string, Model<unknown>> = { arima: autoArima, croston, sba, tsb } as Record<string, Model<unknown>>;
const model = models[flag('model') ?? 'arima'];
if (!model) throw new Error(`unknown model ${flag('model')}`);
const approx = flag('approximation');
const exactRefit = flag('exact-refit');
const fitOptions = {
  ...(approx ? { approximation: approx === 'true' } : {}),
  ...(exactRefit ? { exactRefit: exactRefit === 'true' } : {}),
};
const periodOverride = flag('period');

const series = readSeriesCsv(dir).filter((_, i) => i % every === 0);
const train = readLongCsv(join(dir, 'train.csv'));
const test = readLongCsv(join(dir, 'test.csv'));

let sm = 0;
let ms = 0;
let cov = 0;
let is = 0;
let smNaive = 0;
let msNaive = 0;
let points = 0;
let fitMs = 0;
let failures = 0;
const orders = new Map<string, number>();
for (const s of series) {
  const y = train.get(s.id)!;
  const actual = test.get(s.id)!.slice(0, s.h);
  const period = periodOverride ? Number(periodOverride) : s.m;
  const t0 = performance.now();
  let mean: number[];
  let lo: number[];
  let hi: number[];
  try {
    const fitted = model.fit({ id: s.id, values: y, period }, fitOptions);
    const fc = model.forecast(fitted, { h: s.h, levels: [95] });
    mean = fc.mean;
    lo = fc.intervals[0]!.lower;
    hi = fc.intervals[0]!.upper;
    const sel = (fitted.state as { selected?: { order: { p: number; d: number; q: number; P: number; D: number; Q: number }; includeConstant: boolean } }).selected;
    if (sel) {
      const k = `(${sel.order.p},${sel.order.d},${sel.order.q})(${sel.order.P},${sel.order.D},${sel.order.Q})${sel.includeConstant ? '+c' : ''}`;
      orders.set(k, (orders.get(k) ?? 0) + 1);
    }
  } catch (e) {
    failures++;
    console.error(s.id, (e as Error).message);
    const last = y[y.length - 1]!;
    mean = lo = hi = new Array<number>(s.h).fill(last);
  }
  fitMs += performance.now() - t0;
  const sn = seasonalNaive.forecast(seasonalNaive.fit({ values: y, period: s.m }), { h: s.h }).mean;
  sm += smape(actual, mean) * s.h;
  ms += mase(actual, mean, y, s.m) * s.h;
  cov += coverage(actual, lo, hi) * s.h;
  is += msis(actual, lo, hi, y, s.m, 0.05) * s.h;
  smNaive += smape(actual, sn) * s.h;
  msNaive += mase(actual, sn, y, s.m) * s.h;
  points += s.h;
}
const top = [...orders.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
console.log(
  JSON.stringify(
    {
      data: dir,
      model: model.name,
      series: series.length,
      sMAPE: +(sm / points).toFixed(3),
      MASE: +(ms / points).toFixed(4),
      coverage95: +(cov / points).toFixed(4),
      MSIS: +(is / points).toFixed(3),
      seasonalNaive: { sMAPE: +(smNaive / points).toFixed(3), MASE: +(msNaive / points).toFixed(4) },
      failures,
      totalSeconds: +(fitMs / 1000).toFixed(2),
      msPerSeries: +(fitMs / series.length).toFixed(1),
      topOrders: top,
    },
    null,
    1,
  ),
);
