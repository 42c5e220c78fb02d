/** Fault kinds every sandbox understands; each sandbox answers them with its vendor's own wire shape. */
export const sandboxFaultKinds = ['rate-limit', 'server-error', 'slow', 'malformed', 'bad-signature'] as const;
export type SandboxFaultKind = (typeof sandboxFaultKinds)[number];

export interface SandboxFault {
  kind: SandboxFaultKind;
  /** HTTP status for `server-error` (default 500; 503 also common). */
  status?: number;
  /** Extra latency for `slow` (the request then proceeds normally). */
  delayMs?: number;
  /** `Retry-After` seconds to send with `rate-limit`, where the vendor sends one. */
  retryAfterSeconds?: number;
  /** Only requests whose path contains this string are affected. */
  pathIncludes?: string;
}

export interface SandboxRequestLogEntry {
  method: string;
  path: string;
  /** Status the sandbox answered with. */
  status: number;
  fault: SandboxFaultKind | null;
  at: number;
}

export interface SandboxFaults {
  /** Queues `count` occurrences of a fault; they fire on the next matching requests, in order. */
  inject(fault: SandboxFault, count?: number): void;
  /** Removes pending faults. */
  clear(): void;
  /** Faults still waiting to fire. */
  pending(): number;
  /** Every request served, newest last. */
  readonly requests: SandboxRequestLogEntry[];
  /**
   * @internal Takes the next fault matching `path`, if any. Faults without `pathIncludes` only hit
   * paths where `isDefaultTarget` is true (auth endpoints are spared unless targeted explicitly).
   */
  take(path: string, isDefaultTarget?: boolean): SandboxFault | undefined;
}

export function createSandboxFaults(): SandboxFaults {
  const queue: SandboxFault[] = [];
  const requests: SandboxRequestLogEntry[] = [];
  return {
    requests,
    inject(fault, count = 1) {
      for (let i = 0; i < count; i += 1) queue.push(fault);
    },
    clear() {
      queue.length = 0;
    },
    pending: () => queue.length,
    take(path, isDefaultTarget = true) {
      const index = queue.findIndex((f) => (f.pathIncludes === undefined ? isDefaultTarget : path.includes(f.pathIncludes)));
      if (index === -1) return undefined;
      return queue.splice(index, 1)[0];
    },
  };
}
