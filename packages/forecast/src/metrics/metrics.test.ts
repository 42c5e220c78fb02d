import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLongCsv, readSeriesCsv } from '../cli/dataset.ts';
import { coverage, mae, mape, mase, maseScale, msis, owa, rmse, smape, wape, bias } from './metrics.ts';

// The shared data sits beside the repository: <parent>/shared/data/forecast (CI clones the repo next to it).
const dataDir = fileURLToPath(new URL('../../../../../shared/data/forecast/', import.meta.url));
const hasData = existsSync(`${dataDir}m3/original_forecasts.csv`);

describe('metrics on hand-computed values', () => {
  const y = [10, 20, 30];
  const f = [12, 18, 33];
  it('when given a small horizon, then MAE, RMSE, MAPE, sMAPE, WAPE and bias match hand computation', () => {
    expect(mae(y, f)).toBeCloseTo(7 / 3, 12);
    expect(rmse(y, f)).toBeCloseTo(Math.sqrt((4 + 4 + 9) / 3), 12);
    expect(mape(y, f)).toBeCloseTo((100 / 3) * (0.2 + 0.1 + 0.1), 12);
    expect(smape(y, f)).toBeCloseTo((200 / 3) * (2 / 22 + 2 / 38 + 3 / 63), 12);
    expect(wape(y, f)).toBeCloseTo((100 * 7) / 60, 12);
    expect(bias(y, f)).toBeCloseTo(1, 12);
  });
  it('when scaling by seasonal naive, then MASE and MSIS use the lag-m in-sample MAE', () => {
    const train = [1, 2, 4, 3, 5, 7];
    expect(maseScale(train, 2)).toBeCloseTo((3 + 1 + 1 + 4) / 4, 12);
    expect(mase(y, f, train, 2)).toBeCloseTo(7 / 3 / 2.25, 12);
    const lo = [9, 21, 25];
    const hi = [11, 25, 29];
    expect(coverage(y, lo, hi)).toBeCloseTo(1 / 3, 12);
    // widths 2+4+4, penalties 40·(21−20) + 40·(30−29)
    expect(msis(y, lo, hi, train, 2)).toBeCloseTo((10 + 40 + 40) / 3 / 2.25, 12);
  });
  it('when a sMAPE term is 0/0, then it counts as zero', () => {
    expect(smape([0, 10], [0, 10])).toBe(0);
  });
  it('when OWA compares to Naive2, then Naive2 itself scores 1', () => {
    expect(owa(9.161, 2.777, 9.161, 2.777)).toBe(1);
    expect(owa(6.726, 2.133, 9.161, 2.777)).toBeCloseTo(0.751, 3);
  });
});

interface Anchor { readonly method: string; readonly group: string; readonly smape: number; readonly mase: number }

const anchors: Anchor[] = [
  { method: 'THETA', group: 'monthly', smape: 13.89, mase: 0.858 },
  { method: 'THETA', group: 'yearly', smape: 16.97, mase: 2.806 },
  { method: 'THETA', group: 'quarterly', smape: 8.96, mase: 1.087 },
  { method: 'THETA', group: 'other', smape: 4.41, mase: 1.904 },
  { method: 'NAIVE2', group: 'monthly', smape: 16.89, mase: 1.037 },
  { method: 'NAIVE2', group: 'yearly', smape: 17.88, mase: 3.172 },
  { method: 'ForecastPro', group: 'monthly', smape: 13.9, mase: 0.848 },
  { method: 'B-J auto', group: 'quarterly', smape: 10.26, mase: 1.188 },
];

describe.skipIf(!hasData)('published M3 numbers from the submitted forecasts', () => {
  if (!hasData) return;
  const submitted = new Map<string, number[]>();
  for (const line of readFileSync(`${dataDir}m3/original_forecasts.csv`, 'utf8').split('\n').slice(1)) {
    if (!line) continue;
    const c = line.split(',');
    submitted.set(`${c[0]}|${c[1]}`, c.slice(2).filter((v) => v !== 'NA').map(Number));
  }
  const groups = new Map<string, { series: ReturnType<typeof readSeriesCsv>; train: Map<string, number[]>; test: Map<string, number[]> }>();
  const load = (group: string) => {
    let g = groups.get(group);
    if (!g) {
      const dir = `${dataDir}m3/${group}`;
      g = { series: readSeriesCsv(dir), train: readLongCsv(`${dir}/train.csv`), test: readLongCsv(`${dir}/test.csv`) };
      groups.set(group, g);
    }
    return g;
  };
  it.each(anchors)('when scoring $method on M3 $group, then sMAPE $smape and MASE $mase are reproduced', (a) => {
    const g = load(a.group);
    let s = 0;
    let q = 0;
    for (const info of g.series) {
      const y = g.test.get(info.id)!;
      const f = submitted.get(`${a.method}|${info.id}`)!.slice(0, info.h);
      s += smape(y, f);
      q += mase(y, f, g.train.get(info.id)!, info.m);
    }
    expect(s / g.series.length).toBeCloseTo(a.smape, 2);
    expect(Math.abs(q / g.series.length - a.mase)).toBeLessThan(0.0006);
  });
});

if (!hasData) {
  console.warn(`metrics.test: skipping the M3 reproduction, shared data not found at ${dataDir}`);
}
