import { parentPort, workerData } from 'node:worker_threads';
import { forecastBatch, type BatchItem, type BatchOptions } from '../runner/forecast-batch.ts';

/** Worker-thread entry: forecasts its share of the series and posts progress and the results back. */
interface WorkerInput {
  readonly items: BatchItem[];
  readonly options: Omit<BatchOptions, 'onProgress'>;
}

const input = workerData as WorkerInput;
const results = forecastBatch(input.items, {
  ...input.options,
  onProgress: (done) => parentPort!.postMessage({ type: 'progress', done }),
});
parentPort!.postMessage({ type: 'done', results });
