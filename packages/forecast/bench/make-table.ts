/**
 * Builds the results table of bench/README.md from bench/results.jsonl (latest line per dataset and
 * model), between the markers <!-- results:start --> and <!-- results:end -->.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Line {
  dataset: string;
  model: string;
  wall?: number;
  cpu?: number | null;
  fallbacks?: number;
  failed?: boolean;
  at: string;
  score?: { smape: number; mase: number; owa: number; coverage80: number; coverage95: number; msis: number; scored: number; series: number };
}

const dir = new URL('./', import.meta.url);
const lines = readFileSync(new URL('results.jsonl', dir), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
const latest = new Map<string, Line>();
for (const l of lines) latest.set(`${l.dataset}|${l.model}`, l);
const datasets = ['m3/yearly', 'm3/quarterly', 'm3/monthly', 'm3/other', 'm4/weekly'].filter((d) => [...latest.values()].some((l) => l.dataset === d));
const order = ['naive', 'snaive', 'naive2', 'theta', 'otm', 'dotm', 'ets', 'arima', 'croston', 'sba', 'tsb', 'prophet', 'rf', 'lstm', 'nbeats', 'ensemble'];
const f = (v: number | undefined, d: number): string => (v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));
const out: string[] = [];
for (const ds of datasets) {
  out.push(`### ${ds}`, '', '| model | sMAPE | MASE | OWA | cov 80 | cov 95 | MSIS | wall s | cpu s | fallbacks | run at (UTC) |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  const models = [...new Set([...order, ...[...latest.values()].filter((l) => l.dataset === ds).map((l) => l.model)])];
  for (const m of models) {
    const l = latest.get(`${ds}|${m}`);
    if (!l) continue;
    if (l.failed || !l.score) {
      out.push(`| ${m} | failed | | | | | | | | | ${l.at} |`);
      continue;
    }
    const s = l.score;
    out.push(`| ${m} | ${f(s.smape, 2)} | ${f(s.mase, 3)} | ${f(s.owa, 3)} | ${f(s.coverage80, 3)} | ${f(s.coverage95, 3)} | ${f(s.msis, 2)} | ${f(l.wall, 1)} | ${f(l.cpu ?? undefined, 1)} | ${l.fallbacks ?? 0} | ${l.at} |`);
  }
  out.push('');
}
// all 3003 M3 series: mean of per-series sMAPE = series-weighted mean of the four group means
const m3 = ['m3/yearly', 'm3/quarterly', 'm3/monthly', 'm3/other'];
const allRows: string[] = [];
for (const m of order) {
  const ls = m3.map((d) => latest.get(`${d}|${m}`));
  if (ls.some((l) => !l?.score)) continue;
  const n = ls.reduce((a, l) => a + l!.score!.series, 0);
  const s = ls.reduce((a, l) => a + l!.score!.smape * l!.score!.series, 0) / n;
  const q = ls.reduce((a, l) => a + l!.score!.mase * l!.score!.series, 0) / n;
  const w = ls.reduce((a, l) => a + (l!.wall ?? 0), 0);
  allRows.push(`| ${m} | ${n} | ${s.toFixed(2)} | ${q.toFixed(3)} | ${w.toFixed(1)} |`);
}
if (allRows.length > 0) out.push('### all M3 (3003 series, mean of per-series values)', '', '| model | series | sMAPE | MASE | total wall s |', '|---|---:|---:|---:|---:|', ...allRows, '');

const readmeUrl = new URL('README.md', dir);
const readme = readFileSync(readmeUrl, 'utf8');
const start = readme.indexOf('<!-- results:start -->');
const end = readme.indexOf('<!-- results:end -->');
if (start < 0 || end < 0) throw new Error('README.md lacks the results markers');
writeFileSync(readmeUrl, `${readme.slice(0, start)}<!-- results:start -->\n\n${out.join('\n')}\n${readme.slice(end)}`);
process.stderr.write(`table written for ${datasets.length} data sets\n`);
