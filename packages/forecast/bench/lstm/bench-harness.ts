/**
 * Single-model benchmark for F3's models (prophet, lstm, rf) until the shared CLI exists: reads DIR/series.csv,
 * DIR/train.csv and (for scoring only, after forecasting) DIR/test.csv, forecasts every series, and prints sMAPE,
 * MASE, MSIS, 80/95 % coverage (definitions of ../../../shared/data/forecast/README.md) next to seasonal naive.
 *
 *   npx tsx packages/forecast/bench/lstm/run.ts --data /work/shared/data/forecast/m3/monthly [--every 10] [--period 52]
 */
import { readFileSync } from 'node:fs';
import type { Model, Series } from '../../src/model.ts';

interface Row { id: string; n: number; h: number; m: number }

function readLong(path: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  for (const line of lines) {
    const [id, t, y] = line.split(',');
    let arr = out.get(id!);
    if (!arr) out.set(id!, (arr = []));
    arr[Number(t) - 1] = Number(y);
  }
  return out;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function runBench(model: Model): void {
  const dir = arg('data') ?? '/work/shared/data/forecast/m3/monthly';
  const every = Number(arg('every') ?? '1');
  const periodOverride = arg('period');
  const seriesRows: Row[] = readFileSync(`${dir}/series.csv`, 'utf8').trim().split('\n').slice(1).map((l) => {
    const [id, n, h, m] = l.split(',');
    return { id: id!, n: Number(n), h: Number(h), m: Number(m) };
  }).filter((_, i) => i % every === 0);
  const train = readLong(`${dir}/train.csv`);
  const series: Series[] = seriesRows.map((r) => ({
    id: r.id,
    values: train.get(r.id)!,
    period: periodOverride ? Number(periodOverride) : r.m,
  }));
  const h = seriesRows[0]!.h;
  const extra = JSON.parse(arg('opts') ?? '{}') as Record<string, unknown>;
  const t0 = performance.now();
  const fits = model.fitMany ? model.fitMany(series, { seed: 1, horizon: h, ...extra }) : series.map((s) => model.fit(s, { seed: 1, horizon: h, ...extra }));
  const tFit = performance.now();
  const fcs = fits.map((f) => model.forecast(f, { h, levels: [80, 95] }));
  const tEnd = performance.now();
  const test = readLong(`${dir}/test.csv`);
  let smape = 0, mase = 0, msis = 0, cov80 = 0, cov95 = 0, points = 0, snSmape = 0, snMase = 0;
  seriesRows.forEach((r, i) => {
    const y = test.get(r.id)!.slice(r.n);
    const x = train.get(r.id)!;
    let scale = 0;
    for (let t = r.m; t < x.length; t++) scale += Math.abs(x[t]! - x[t - r.m]!);
    scale /= x.length - r.m;
    const f = fcs[i]!;
    const i80 = f.intervals.find((v) => v.level === 80)!;
    const i95 = f.intervals.find((v) => v.level === 95)!;
    const sp = Math.round(series[i]!.period) > 1 ? Math.round(series[i]!.period) : 1;
    for (let k = 0; k < r.h; k++) {
      const yhat = f.mean[k]!;
      const e = Math.abs(y[k]! - yhat);
      smape += (200 * e) / (Math.abs(y[k]!) + Math.abs(yhat) || 1);
      mase += e / scale;
      const L = i95.lower[k]!, U = i95.upper[k]!;
      msis += ((U - L) + (2 / 0.05) * (L - y[k]!) * (y[k]! < L ? 1 : 0) + (2 / 0.05) * (y[k]! - U) * (y[k]! > U ? 1 : 0)) / scale;
      if (y[k]! >= L && y[k]! <= U) cov95++;
      if (y[k]! >= i80.lower[k]! && y[k]! <= i80.upper[k]!) cov80++;
      const sn = x[x.length - sp + (k % sp)]!;
      const esn = Math.abs(y[k]! - sn);
      snSmape += (200 * esn) / (Math.abs(y[k]!) + Math.abs(sn) || 1);
      snMase += esn / scale;
      points++;
      if (!Number.isFinite(yhat) || !Number.isFinite(L) || !Number.isFinite(U)) throw new Error(`non-finite output for ${r.id}`);
    }
  });
  const f3 = (v: number): string => v.toFixed(3);
  console.log(
    `${model.name} on ${dir} (${seriesRows.length} series${every > 1 ? `, every ${every}th` : ''}): ` +
      `sMAPE ${f3(smape / points)} MASE ${f3(mase / points)} MSIS ${f3(msis / points)} cov80 ${f3(cov80 / points)} cov95 ${f3(cov95 / points)} | ` +
      `snaive(m=${series[0]!.period}) sMAPE ${f3(snSmape / points)} MASE ${f3(snMase / points)} | fit ${((tFit - t0) / 1000).toFixed(1)} s, forecast ${((tEnd - tFit) / 1000).toFixed(1)} s`,
  );
}
