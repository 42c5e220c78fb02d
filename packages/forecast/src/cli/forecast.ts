import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { combineGroup, concatRuns, finishEnsemble, prepareEnsemble, type Combination, type MemberRun } from '../ensemble/ensemble.ts';
import { models } from '../registry.ts';
import { ensembleBatchResults, type BatchItem, type BatchResult } from '../runner/forecast-batch.ts';
import type { MemberTask } from './forecast-worker.ts';
import { readLongCsv, readSeriesCsv } from './dataset.ts';

/**
 * Benchmark command: `npm run -s forecast -- --input DIR --output FILE [--model NAME] [--levels 80,95]
 * [--workers N] [--details FILE.json] [--members a,b] [--windows k]`. Reads DIR/series.csv and DIR/train.csv (never test.csv), forecasts
 * h steps per series on worker threads and writes `unique_id,t,mean,lo_80,hi_80,lo_95,hi_95`.
 */
const usage = 'usage: npm run -s forecast -- --input DIR --output FILE [--model ensemble|' + Object.keys(models).join('|') + '] [--levels 80,95] [--workers N] [--details FILE.json] [--members ets,theta,dotm,arima] [--windows 3] [--select-members true|false] [--period M] [--combination weighted|mean|median|trimmed|family-median]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

const { values: args } = parseArgs({
  options: {
    input: { type: 'string' },
    output: { type: 'string' },
    model: { type: 'string', default: 'ensemble' },
    levels: { type: 'string', default: '80,95' },
    workers: { type: 'string' },
    details: { type: 'string' },
    seed: { type: 'string', default: '1' },
    members: { type: 'string' },
    windows: { type: 'string' },
    'select-members': { type: 'string' },
    period: { type: 'string' },
    combination: { type: 'string' },
  },
});
if (!args.input || !args.output) fail('--input and --output are required');
const modelName = args.model!;
if (modelName !== 'ensemble' && !models[modelName]) fail(`unknown model "${modelName}"`);
const levels = args.levels!.split(',').map((s) => Number(s.trim()));
if (levels.some((l) => !(l > 0 && l < 100))) fail(`bad --levels "${args.levels}"`);
const started = performance.now();

// --period overrides the seasonal period the models use (e.g. 52 for weekly data whose series.csv
// says m = 1 because M4 scales weekly MASE with m = 1); scoring keeps series.csv's m
const periodOverride = args.period ? Number(args.period) : undefined;
if (periodOverride !== undefined && !(Number.isInteger(periodOverride) && periodOverride >= 1)) fail(`bad --period "${args.period}"`);
const info = readSeriesCsv(args.input);
const train = readLongCsv(join(args.input, 'train.csv'));
const items: BatchItem[] = info.map((s) => {
  const values = train.get(s.id) ?? [];
  // the declared n wins: a short file means missing periods, which the models report as invalid values
  const padded = values.length < s.n ? [...values, ...new Array<number>(s.n - values.length).fill(NaN)] : values;
  return { id: s.id, values: padded, period: periodOverride ?? s.m, h: s.h };
});

const nWorkers = Math.max(1, Math.min(Number(args.workers ?? Math.min(2, availableParallelism())), items.length));
// interleaved split balances long and short series across the workers
const shares: BatchItem[][] = Array.from({ length: nWorkers }, () => []);
items.forEach((item, i) => shares[i % nWorkers]!.push(item));

const doneBy = new Array<number>(nWorkers).fill(0);
let lastPrint = 0;
function progress(): void {
  const now = performance.now();
  const done = Math.round(doneBy.reduce((a, b) => a + b, 0));
  if (now - lastPrint < 1000 && done < items.length) return;
  lastPrint = now;
  process.stderr.write(`\r[forecast] ${modelName}: ${done}/${items.length} series, ${((now - started) / 1000).toFixed(1)} s`);
}

// Node 20 resolves a worker entry's format before `--import tsx` hooks apply inside the worker (execArgv
// does not help), so each worker starts from a tiny eval'd script that registers tsx's ESM hooks through
// its API and then imports the TypeScript entry.
const tsxApi = import.meta.resolve('tsx/esm/api');
const workerEntry = new URL('./forecast-worker.ts', import.meta.url).href;
const workerBootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(workerEntry)}); });`;

const ensemble = {
  ...(args.members ? { members: args.members.split(',').map((s) => s.trim()) } : {}),
  ...(args.windows ? { windows: Number(args.windows) } : {}),
  ...(args['select-members'] ? { selectMembers: args['select-members'] !== 'false' } : {}),
  ...(args.combination ? { combination: args.combination as Combination } : {}),
};
if (args.combination && !['weighted', 'mean', 'median', 'trimmed', 'family-median'].includes(args.combination)) fail(`bad --combination "${args.combination}"`);
for (const m of ensemble.members ?? []) if (!models[m]) fail(`unknown ensemble member "${m}"`);
const options = { model: modelName, levels, seed: Number(args.seed), ensemble };
function startWorker(data: unknown): Worker {
  return new Worker(workerBootstrap, { eval: true, workerData: data });
}

/** Single models: each worker forecasts an interleaved share of the series. */
async function runShares(): Promise<BatchResult[]> {
  const parts = await Promise.all(
    shares.map(
      (share, w) =>
        new Promise<BatchResult[]>((resolve, reject) => {
          const worker = startWorker({ items: share, options });
          worker.on('message', (msg: { type: string; done?: number; results?: BatchResult[] }) => {
            if (msg.type === 'progress') {
              doneBy[w] = msg.done!;
              progress();
            } else if (msg.type === 'done') resolve(msg.results!);
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (code !== 0) reject(new Error(`worker ${w} exited with code ${code}`));
          });
        }),
    ),
  );
  return parts.flat();
}

/**
 * Members whose cost is one training across all the series they get (global models) run as one task per group, so
 * that they learn from every series of the run; local members run in slices of series. The costliest tasks go
 * first and the workers pull tasks as they finish, which keeps both cores busy to the end.
 */
const COST_ORDER = ['nbeats', 'lstm', 'rf', 'prophet', 'arima', 'ets'];
const SLICES_PER_LOCAL_MEMBER = 8;

async function runEnsembleTasks(): Promise<BatchResult[]> {
  const plan = prepareEnsemble(items, { ...ensemble, levels, seed: options.seed });
  const tasks: MemberTask[] = [];
  plan.groups.forEach((group, g) => {
    for (const member of group.names) {
      const global = models[member]!.fitMany !== undefined;
      const size = global ? group.batch.length : Math.max(1, Math.ceil(group.batch.length / SLICES_PER_LOCAL_MEMBER));
      for (let from = 0; from < group.batch.length; from += size) tasks.push({ id: tasks.length, group: g, member, from, to: Math.min(group.batch.length, from + size) });
    }
  });
  const rank = (t: MemberTask): number => {
    const r = COST_ORDER.indexOf(t.member);
    return (models[t.member]!.fitMany ? 0 : 100) + (r < 0 ? COST_ORDER.length : r);
  };
  const queue = [...tasks].sort((a, b) => rank(a) - rank(b) || a.id - b.id);
  const runs = new Map<number, MemberRun>();
  const perGroupTotal = plan.groups.map((_, g) => tasks.filter((t) => t.group === g).length);
  const perGroupDone = plan.groups.map(() => 0);
  await Promise.all(
    Array.from({ length: nWorkers }, (_, w) =>
      new Promise<void>((resolve, reject) => {
        const worker = startWorker({ items, options, tasks: true });
        const next = (): void => {
          const task = queue.shift();
          worker.postMessage(task ?? null);
          if (!task) resolve();
        };
        worker.on('message', (msg: { type: string; id?: number; run?: MemberRun }) => {
          if (msg.type === 'run') {
            const task = tasks[msg.id!]!;
            runs.set(task.id, msg.run!);
            // progress in series-equivalents: each member task counts its share of the series
            doneBy[w] = (doneBy[w] ?? 0) + (task.to - task.from) / plan.groups[task.group]!.names.length;
            if (++perGroupDone[task.group]! === perGroupTotal[task.group]) {
              const group = plan.groups[task.group]!;
              const byMember = new Map(
                group.names.map((name) => [name, concatRuns(tasks.filter((t) => t.group === task.group && t.member === name).map((t) => runs.get(t.id)!))]),
              );
              combineGroup(plan, group, byMember);
            }
            progress();
          }
          if (msg.type === 'run' || msg.type === 'ready') next();
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (code !== 0) reject(new Error(`worker ${w} exited with code ${code}`));
        });
      }),
    ),
  );
  return ensembleBatchResults(items, finishEnsemble(plan), levels);
}

const results = modelName === 'ensemble' ? await runEnsembleTasks() : await runShares();
process.stderr.write('\n');

const byId = new Map<string, BatchResult>();
for (const r of results) byId.set(r.id, r);
const fmt = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(12))) : '0');
const header = ['unique_id', 't', 'mean', ...levels.flatMap((l) => [`lo_${l}`, `hi_${l}`])];
const lines = [header.join(',')];
const fallbacks: string[] = [];
for (const item of items) {
  const r = byId.get(item.id)!;
  if (r.fallback) fallbacks.push(`${item.id}: ${r.model} (${r.fallback.code}: ${r.fallback.reason})`);
  for (let i = 0; i < item.h; i++) {
    const cols = [item.id, String(item.values.length + i + 1), fmt(r.mean[i]!)];
    for (const l of levels) {
      const iv = r.intervals.find((x) => x.level === l)!;
      cols.push(fmt(iv.lower[i]!), fmt(iv.upper[i]!));
    }
    lines.push(cols.join(','));
  }
}
writeFileSync(args.output, `${lines.join('\n')}\n`);
if (args.details) {
  writeFileSync(args.details, JSON.stringify(items.map((item) => byId.get(item.id)), null, 0));
}
if (fallbacks.length > 0) {
  process.stderr.write(`[forecast] ${fallbacks.length} series fell back:\n${fallbacks.map((f) => `  ${f}`).join('\n')}\n`);
}
if (modelName === 'ensemble') {
  const methods = new Map<string, number>();
  const meanWeights = new Map<string, number>();
  for (const r of byId.values()) {
    const m = r.ensemble?.method ?? r.model;
    methods.set(m, (methods.get(m) ?? 0) + 1);
    for (const [k, w] of Object.entries(r.ensemble?.weights ?? {})) meanWeights.set(k, (meanWeights.get(k) ?? 0) + w / items.length);
  }
  process.stderr.write(`[forecast] ensemble methods: ${[...methods].map(([k, v]) => `${k} ${v}`).join(', ')}; mean weights: ${[...meanWeights].map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}\n`);
}
const wall = (performance.now() - started) / 1000;
// process CPU time covers the worker threads too: with other work on the machine it shows how much of the
// wall time was this run's own computation
const cpu = process.cpuUsage();
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stderr.write(
  `[forecast] wrote ${args.output}: ${items.length} series, model ${modelName}, ${nWorkers} workers, wall time ${wall.toFixed(1)} s, cpu time ${cpuSeconds.toFixed(1)} s\n`,
);
