/**
 * Where the ensemble's time goes: per member, CPU seconds of the full-data fits and of the rolling-origin
 * backtest refits, on one worker's share of a data set (every `stride`-th series, single thread).
 * Usage: npx tsx packages/forecast/bench/profile-members.ts DIR [stride] [members]
 */
import { join } from 'node:path';
import { backtestBatch, fitBatch } from '../src/backtest/backtest.ts';
import { readLongCsv, readSeriesCsv } from '../src/cli/dataset.ts';
import { models } from '../src/registry.ts';

const [dir, strideArg, membersArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: profile-members.ts DIR [stride] [members]');
const stride = Number(strideArg ?? 2);
const members = (membersArg ?? 'ets,theta,dotm,otm,arima,prophet,rf,lstm,nbeats').split(',');
const info = readSeriesCsv(dir).filter((_, i) => i % stride === 0);
const train = readLongCsv(join(dir, 'train.csv'));
const items = info.map((s) => ({ id: s.id, values: train.get(s.id)!, period: s.m, h: s.h }));
const h = items[0]!.h;
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
for (const name of members) {
  const model = models[name]!;
  const t0 = cpu();
  const fits = fitBatch(model, items, 1);
  const t1 = cpu();
  backtestBatch(model, items, { horizon: h, windows: Number(process.env.PROFILE_WINDOWS ?? 2), levels: [80, 95], seed: 1, minTrain: (s) => Math.max(10, 2 * s.period) }, fits);
  const t2 = cpu();
  process.stdout.write(`${name}: ${items.length} series, fit ${(t1 - t0).toFixed(1)} s, backtest ${(t2 - t1).toFixed(1)} s cpu\n`);
}
