import { randomUUID } from 'node:crypto';
import type { EventBus } from '../events/create-event-bus.ts';
import type { JobLifecycleEvent } from './job-provider.ts';

const stateFor: Record<JobLifecycleEvent['kind'], 'active' | 'completed' | 'delayed' | 'dead-lettered'> = {
  active: 'active',
  progress: 'active',
  completed: 'completed',
  retrying: 'delayed',
  'dead-lettered': 'dead-lettered',
};

/**
 * Turns job lifecycle events into domain events: `job.updated` for the Jobs page (admins only) and, when a job is
 * dead-lettered, an `alert.raised` so operations hear about it.
 *
 * Every event is a stored row and a pub/sub message, so routine updates (started, progress, completed) are
 * coalesced to one per queue per `windowMs`, keeping the latest; failures always go out. A busy queue then costs
 * a few events a second instead of several per job, and the Jobs page still refreshes.
 */
export function publishJobEvents(bus: EventBus, logger?: { warn: (obj: object, msg: string) => void }, windowMs = 250) {
  const queues = new Map<string, { lastAt: number; pending: JobLifecycleEvent | undefined; timer: NodeJS.Timeout | undefined }>();

  const publish = async (event: JobLifecycleEvent) => {
    await bus.publish(
      'job.updated',
      {
        jobId: event.jobId,
        queue: event.queue,
        name: event.name,
        state: stateFor[event.kind],
        progress: event.kind === 'progress' ? event.progress : event.kind === 'completed' ? 100 : null,
        error: event.kind === 'retrying' || event.kind === 'dead-lettered' ? event.error : null,
      },
      { roles: ['ADMIN'] },
    );
    if (event.kind === 'dead-lettered') {
      await bus.publish(
        'alert.raised',
        {
          alertId: randomUUID(),
          severity: 'high',
          title: `Job ${event.name} failed after ${event.attempt} attempt${event.attempt === 1 ? '' : 's'}`,
          message: `${event.error} (job ${event.jobId}, queue ${event.queue}); it is on the dead-letter list for investigation.`,
          source: 'jobs',
        },
        { roles: ['ADMIN', 'MANAGER'] },
      );
    }
  };
  // Publishes go out one after another, so subscribers see a job's updates in the order they happened
  // (concurrent publishes could be stored, and so replayed, in either order).
  let chain: Promise<void> = Promise.resolve();
  const send = (event: JobLifecycleEvent) => {
    chain = chain
      .then(() => publish(event))
      .catch((err: unknown) => logger?.warn({ err, jobId: event.jobId }, 'jobs: could not publish job event'));
  };

  return (event: JobLifecycleEvent) => {
    const slot = queues.get(event.queue) ?? { lastAt: 0, pending: undefined, timer: undefined };
    queues.set(event.queue, slot);
    if (event.kind === 'retrying' || event.kind === 'dead-lettered') {
      // A failure supersedes a routine update of the same job still waiting in the window; sending that one
      // afterwards would show the job as active again.
      if (slot.pending?.jobId === event.jobId) slot.pending = undefined;
      send(event);
      return;
    }
    const now = Date.now();
    if (now - slot.lastAt >= windowMs && !slot.timer) {
      slot.lastAt = now;
      send(event);
      return;
    }
    slot.pending = event;
    slot.timer ??= setTimeout(
      () => {
        slot.timer = undefined;
        slot.lastAt = Date.now();
        const pending = slot.pending;
        slot.pending = undefined;
        if (pending) send(pending);
      },
      Math.max(0, windowMs - (now - slot.lastAt)),
    );
    slot.timer.unref();
  };
}
