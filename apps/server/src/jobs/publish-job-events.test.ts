import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@sentia/db/create-db';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import { createEventBus, type EventBus } from '../events/create-event-bus.ts';
import type { StoredEvent } from '../events/event-store.ts';
import { publishJobEvents } from './publish-job-events.ts';

let handle: DbHandle;
let bus: EventBus;
beforeAll(async () => {
  handle = await createTestDb();
  bus = await createEventBus({ db: handle.db });
});
afterAll(async () => {
  await bus?.close();
  await handle?.close();
});

const base = { queue: 'sync', name: 'sync.x', attempt: 1, maxAttempts: 4 };

describe('publishJobEvents', () => {
  it('when a queue reports many routine updates at once, then they are coalesced to the first and the latest, while failures all go out', async () => {
    const events: StoredEvent[] = [];
    bus.subscribe((e) => events.push(e));
    const onEvent = publishJobEvents(bus, undefined, 1000);
    for (let i = 0; i < 50; i += 1) {
      onEvent({ ...base, jobId: `j${i}`, kind: 'active' });
      onEvent({ ...base, jobId: `j${i}`, kind: 'completed' });
    }
    onEvent({ ...base, jobId: 'bad', kind: 'retrying', error: 'HTTP 503', delayMs: 2000 });
    onEvent({ ...base, jobId: 'worse', kind: 'dead-lettered', error: 'HTTP 401' });
    await new Promise((r) => setTimeout(r, 1400));
    const updates = events.filter((e) => e.type === 'job.updated').map((e) => e.data as { jobId: string; state: string });
    expect(updates).toContainEqual(expect.objectContaining({ jobId: 'j0', state: 'active' }));
    expect(updates).toContainEqual(expect.objectContaining({ jobId: 'j49', state: 'completed' }));
    expect(updates).toContainEqual(expect.objectContaining({ jobId: 'bad', state: 'delayed' }));
    expect(updates).toContainEqual(expect.objectContaining({ jobId: 'worse', state: 'dead-lettered' }));
    // 102 lifecycle events become the first, the latest and the two failures (one more if this process was
    // descheduled for a whole window in the middle of the loop).
    expect(updates.length).toBeLessThanOrEqual(5);
    expect(events.filter((e) => e.type === 'alert.raised')).toHaveLength(1);
  });
});
