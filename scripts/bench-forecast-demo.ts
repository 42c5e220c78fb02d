/**
 * Forecast benchmark on the demo world (`npx tsx scripts/bench-forecast-demo.ts [month|week] [--no-events]`): not a test, a
 * measurement. Generates the Sentia Spirits demo world in memory (no database), aggregates daily sales into the
 * 135 SKU × region × channel series, and forecasts every one with the full default ensemble (the demo calendar's
 * holidays and promotions as Prophet's regressors), 80/95 % intervals
 * and the per-model comparison backtests — the same code path as the `forecast.run` job (worker threads,
 * two at a time). Target (issue 5): all 135 series in ≤ 60 s.
 */
import { performance } from 'node:perf_hooks';
import { periodOf, type Granularity } from '../packages/contracts/src/forecasting.ts';
import { generateDemoWorld } from '../packages/db/src/demo/generate-demo-world.ts';
import { DEFAULT_DEMO_SEED } from '../packages/db/src/demo/seed-demo-world.ts';
import { buildSeries, completePeriods, demandDataFromDaily, seriesKeys } from '../apps/server/src/modules/forecasting/demand-series.ts';
import { computeInThreads, prepareItems } from '../apps/server/src/modules/forecasting/forecast-run.job.ts';

const granularity = (process.argv[2] ?? 'month') as Granularity;
if (!(granularity in periodOf)) throw new Error('usage: bench-forecast-demo.ts [month|week]');
const horizon = granularity === 'month' ? 6 : 26;

const t0 = performance.now();
const world = generateDemoWorld({ seed: DEFAULT_DEMO_SEED, endDate: new Date().toISOString().slice(0, 10) });
const data = demandDataFromDaily(world.tables.dailySales.map((r) => ({ salesDate: String(r.salesDate), sku: r.sku, regionCode: r.regionCode, channelCode: r.channelCode, units: r.units })), granularity);
const periods = completePeriods(data);
const keys = seriesKeys(data, false);
const series = keys.map((k) => buildSeries(data, k, periods));
// the demo's holiday and promotion calendar, as the product's forecast job passes it (Prophet's regressors)
const events = (process.argv.includes('--no-events') ? [] : world.tables.demandEvents).map((e) => ({ kind: e.kind, name: e.name, startsOn: e.startsOn, endsOn: e.endsOn, skus: e.skus ?? null, regions: e.regions ?? null, channels: e.channels ?? null }));
const items = prepareItems(series, granularity, horizon, events);
const t1 = performance.now();
console.error(`demo world generated and aggregated in ${((t1 - t0) / 1000).toFixed(1)} s: ${items.length} series (${items.filter((i) => i.regressors).length} with event regressors), ${periods.length} complete ${granularity}s, h = ${horizon}`);

let last = 0;
const results = await computeInThreads(items, granularity, {
  onProgress: (done) => {
    if (done - last >= 24 || done === items.length) console.error(`  ${done}/${items.length} series, ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    last = done;
  },
});
const seconds = (performance.now() - t1) / 1000;
const byMethod = new Map<string, number>();
for (const r of results) byMethod.set(`${r.model}/${r.method}`, (byMethod.get(`${r.model}/${r.method}`) ?? 0) + 1);
const finite = results.every((r) => r.mean.every(Number.isFinite) && r.intervals.every((iv) => iv.lower.every(Number.isFinite) && iv.upper.every(Number.isFinite)));
const ensembleAccuracy = results.map((r) => r.comparison.find((c) => c.model.startsWith('ensemble'))?.accuracy).filter((a): a is number => a !== null && a !== undefined);
const median = [...ensembleAccuracy].sort((a, b) => a - b)[Math.floor(ensembleAccuracy.length / 2)];
console.log(
  JSON.stringify(
    {
      granularity,
      series: results.length,
      horizon,
      seconds: Number(seconds.toFixed(1)),
      targetSeconds: 60,
      methods: Object.fromEntries(byMethod),
      allFinite: finite,
      medianBacktestAccuracy: median === undefined ? null : Number(median.toFixed(1)),
    },
    null,
    2,
  ),
);
