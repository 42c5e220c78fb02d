import { parentPort, workerData } from 'node:worker_threads';
import { prepareEnsemble, runGroupMember, type EnsembleOptions } from '../ensemble/ensemble.ts';
import { forecastBatch, type BatchItem, type BatchOptions } from '../runner/forecast-batch.ts';

/**
 * Worker-thread entry. Single models: forecasts its share of the series and posts progress and the results back.
 * Ensemble (`tasks` mode): plans the ensemble over all series exactly as the main thread does, then runs the member
 * tasks the main thread sends (one member on a slice of a group's series) and posts each member run back.
 */
interface WorkerInput {
  readonly items: BatchItem[];
  readonly options: Omit<BatchOptions, 'onProgress'>;
  readonly tasks?: boolean;
}

export interface MemberTask {
  readonly id: number;
  readonly group: number;
  readonly member: string;
  readonly from: number;
  readonly to: number;
}

const input = workerData as WorkerInput;
if (input.tasks) {
  const ensemble: Partial<EnsembleOptions> = input.options.ensemble ?? {};
  const plan = prepareEnsemble(input.items, { ...ensemble, levels: input.options.levels, seed: input.options.seed ?? 1 });
  parentPort!.on('message', (task: MemberTask | null) => {
    if (task === null) {
      parentPort!.close();
      return;
    }
    const run = runGroupMember(plan, plan.groups[task.group]!, task.member, task.from, task.to);
    parentPort!.postMessage({ type: 'run', id: task.id, run });
  });
  parentPort!.postMessage({ type: 'ready' });
} else {
  const results = forecastBatch(input.items, {
    ...input.options,
    onProgress: (done) => parentPort!.postMessage({ type: 'progress', done }),
  });
  parentPort!.postMessage({ type: 'done', results });
}
