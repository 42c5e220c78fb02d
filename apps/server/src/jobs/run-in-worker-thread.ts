import { Worker } from 'node:worker_threads';

const entry = new URL('./worker-thread-entry.ts', import.meta.url).href;
// The thread registers the tsx loader itself before importing TypeScript: a worker does not reliably inherit it.
const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;

/**
 * Runs `exportName` of the module at `moduleUrl` in a worker thread with `input`, and resolves with what it returns
 * (both must be structured-cloneable). CPU-heavy job handlers (model fits) use this so the API's event loop stays
 * responsive; aborting `signal` (the job's timeout or a shutdown) terminates the thread, which stops the work for
 * real rather than just ignoring its result.
 */
export function runInWorkerThread<T>(moduleUrl: URL | string, exportName: string, input: unknown, options: { signal?: AbortSignal; maxOldGenerationSizeMb?: number } = {}): Promise<T> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: { moduleUrl: String(moduleUrl), exportName, input },
    ...(options.maxOldGenerationSizeMb ? { resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb } } : {}),
  });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      finish(() => reject(signal!.reason as Error));
      void worker.terminate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (message: { ok: true; value: T } | { ok: false; error: { name: string; message: string; stack?: string } }) => {
      if (message.ok) finish(() => resolve(message.value));
      else {
        const error = new Error(message.error.message);
        error.name = message.error.name;
        if (message.error.stack) error.stack = message.error.stack;
        finish(() => reject(error));
      }
      void worker.terminate();
    });
    worker.once('error', (error) => finish(() => reject(error)));
    worker.once('exit', (code) => finish(() => reject(new Error(`worker thread exited with code ${code} before answering`))));
  });
}
