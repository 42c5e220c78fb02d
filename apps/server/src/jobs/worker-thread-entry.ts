import { parentPort, workerData } from 'node:worker_threads';

/** Thread side of runInWorkerThread: imports the module, calls the export, posts the result or the error. */
const { moduleUrl, exportName, input } = workerData as { moduleUrl: string; exportName: string; input: unknown };
try {
  const mod = (await import(moduleUrl)) as Record<string, unknown>;
  const fn = mod[exportName];
  if (typeof fn !== 'function') throw new Error(`${moduleUrl} has no function export "${exportName}"`);
  const value: unknown = await (fn as (input: unknown) => unknown)(input);
  parentPort!.postMessage({ ok: true, value });
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  parentPort!.postMessage({ ok: false, error: { name: e.name, message: e.message, stack: e.stack } });
}
