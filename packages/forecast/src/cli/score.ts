import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverage, mape, mase, msis, owa, smape } from '../metrics/metrics.ts';
import { naive2 } from '../models/naive.ts';
import { readLongCsv, readSeriesCsv } from './dataset.ts';

/**
 * Scorer: `npm run -s forecast:score -- DIR FILE [--json]`. Scores a forecast CSV
 * (`unique_id,t,mean,lo_80,hi_80,lo_95,hi_95`) against DIR/test.csv with the README's definitions:
 * group means of per-series sMAPE (0–200), MASE (seasonal-naive scale, lag m), MAPE; OWA against
 * Naive2 (computed here from DIR/train.csv); 80/95 % coverage; MSIS (α = 0.05).
 */
const argv = process.argv.slice(2);
const asJson = argv.includes('--json');
const [dir, file] = argv.filter((a) => a !== '--json');
if (!dir || !file) {
  process.stderr.write('usage: npm run -s forecast:score -- DIR FILE [--json]\n');
  process.exit(2);
}

const info = readSeriesCsv(dir);
const train = readLongCsv(join(dir, 'train.csv'));
const test = readLongCsv(join(dir, 'test.csv'));

const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
const header = lines[0]!.split(',');
const col = (name: string): number => header.indexOf(name);
const [iId, iT, iMean] = [col('unique_id'), col('t'), col('mean')];
if (iId < 0 || iT < 0 || iMean < 0) {
  process.stderr.write(`${file}: expected columns unique_id,t,mean[,lo_80,hi_80,lo_95,hi_95]\n`);
  process.exit(2);
}
const bounds = [80, 95].filter((l) => col(`lo_${l}`) >= 0 && col(`hi_${l}`) >= 0);
const fc = new Map<string, Map<number, number[]>>();
for (const line of lines.slice(1)) {
  const c = line.split(',');
  let m = fc.get(c[iId]!);
  if (!m) fc.set(c[iId]!, (m = new Map()));
  m.set(Number(c[iT]), [Number(c[iMean]), ...bounds.flatMap((l) => [Number(c[col(`lo_${l}`)]), Number(c[col(`hi_${l}`)])])]);
}

let sS = 0, sQ = 0, sP = 0, nP = 0, sN2 = 0, sQN2 = 0, sMsis = 0, nMsis = 0;
const cov: Record<number, number> = { 80: 0, 95: 0 };
const problems: string[] = [];
let nScored = 0;
for (const s of info) {
  const y = test.get(s.id);
  const tr = train.get(s.id);
  const f = fc.get(s.id);
  if (!y || !tr) {
    problems.push(`${s.id}: missing from test.csv/train.csv`);
    continue;
  }
  const rows = y.map((_, i) => f?.get(s.n + i + 1));
  if (!f || rows.some((r) => !r || r.some((v) => !Number.isFinite(v)))) {
    problems.push(`${s.id}: forecast missing or not finite for some of t=${s.n + 1}..${s.n + s.h}`);
    continue;
  }
  const mean = rows.map((r) => r![0]!);
  nScored++;
  sS += smape(y, mean);
  sQ += mase(y, mean, tr, s.m);
  const p = mape(y, mean);
  if (Number.isFinite(p)) {
    sP += p;
    nP++;
  }
  const n2 = naive2.forecast(naive2.fit({ values: tr, period: s.m }), { h: y.length, levels: [] }).mean;
  sN2 += smape(y, n2);
  sQN2 += mase(y, n2, tr, s.m);
  bounds.forEach((l, k) => {
    const lo = rows.map((r) => r![1 + 2 * k]!);
    const hi = rows.map((r) => r![2 + 2 * k]!);
    cov[l]! += coverage(y, lo, hi);
    if (l === 95) {
      const v = msis(y, lo, hi, tr, s.m);
      if (Number.isFinite(v)) {
        sMsis += v;
        nMsis++;
      }
    }
  });
}
const k = Math.max(1, nScored);
const result = {
  dataset: dir,
  file,
  series: info.length,
  scored: nScored,
  smape: sS / k,
  mase: sQ / k,
  mape: nP > 0 ? sP / nP : NaN,
  mapeSeries: nP,
  owa: owa(sS / k, sQ / k, sN2 / k, sQN2 / k),
  naive2: { smape: sN2 / k, mase: sQN2 / k },
  coverage80: bounds.includes(80) ? cov[80]! / k : NaN,
  coverage95: bounds.includes(95) ? cov[95]! / k : NaN,
  msis: nMsis > 0 ? sMsis / nMsis : NaN,
  problems,
};
if (asJson) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const r = (v: number, d: number): string => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
  const rowsOut: Array<[string, string]> = [
    ['series scored', `${nScored} / ${info.length}`],
    ['sMAPE (0-200)', r(result.smape, 3)],
    ['MASE', r(result.mase, 3)],
    [`MAPE (${nP} series with non-zero actuals)`, r(result.mape, 3)],
    ['OWA vs Naive2', r(result.owa, 3)],
    ['Naive2 sMAPE / MASE', `${r(result.naive2.smape, 3)} / ${r(result.naive2.mase, 3)}`],
    ['80% coverage', r(result.coverage80, 3)],
    ['95% coverage', r(result.coverage95, 3)],
    ['MSIS (95%)', r(result.msis, 3)],
  ];
  const w = Math.max(...rowsOut.map(([a]) => a.length));
  process.stdout.write(`| metric${' '.repeat(w - 6)} | value |\n|${'-'.repeat(w + 2)}|-------|\n`);
  for (const [a, b] of rowsOut) process.stdout.write(`| ${a.padEnd(w)} | ${b} |\n`);
  if (problems.length > 0) process.stdout.write(`\n${problems.length} series not scored:\n${problems.slice(0, 20).join('\n')}\n`);
}
