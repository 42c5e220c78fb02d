/** CPU-bound work for the worker-thread tests: spins for `ms` milliseconds, then returns how many loops it made. */
export function spin({ ms }: { ms: number }): number {
  const end = Date.now() + ms;
  let loops = 0;
  while (Date.now() < end) loops += 1;
  return loops;
}

export function fail(): never {
  throw new RangeError('model did not converge');
}
