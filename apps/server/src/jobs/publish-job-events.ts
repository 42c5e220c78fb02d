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
 */
export function publishJobEvents(bus: EventBus, logger?: { warn: (obj: object, msg: string) => void }) {
  return (event: JobLifecycleEvent) => {
    const publish = async () => {
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
    publish().catch((err: unknown) => logger?.warn({ err, jobId: event.jobId }, 'jobs: could not publish job event'));
  };
}
