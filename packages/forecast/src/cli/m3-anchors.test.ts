import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mase, smape } from '../metrics/metrics.ts';
import { readLongCsv, readSeriesCsv } from './dataset.ts';
import { sharedDataDir } from './shared-data.ts';

const dataDir = sharedDataDir();
const hasData = existsSync(`${dataDir}m3/original_forecasts.csv`);

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
    submitted.set(`${c[0]}|${c[1]}`, c.slice(2).filter((v: string) => v !== 'NA').map(Number));
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
