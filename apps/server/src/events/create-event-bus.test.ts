import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@sentia/db/create-db';
import { createTestDb } from '@sentia/db/testing/create-test-db';
import { createEventBus, type EventBus } from './create-event-bus.ts';
import { appendEvent, type StoredEvent } from './event-store.ts';

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const waitFor = async (check: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('in-process event bus', () => {
  it('when an event is published, then it is stored with the next sequence number and delivered to listeners', async () => {
    const bus = await createEventBus({ db: handle.db });
    const seen: StoredEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    const before = await bus.latestSeq();
    const a = await bus.publish('kpi.updated', { reason: 'order.created', from: '2026-11-26', to: '2026-11-26' });
    const b = await bus.publish('alert.raised', { alertId: 'a1', severity: 'low', title: 't', message: 'm', source: 'test' }, { roles: ['ADMIN'] });
    expect(a.seq).toBeGreaterThan(before);
    expect(b.seq).toBe(a.seq + 1);
    expect(seen.map((e) => e.type)).toEqual(['kpi.updated', 'alert.raised']);
    expect(seen[1]!.roles).toEqual(['ADMIN']);
    const replay = await bus.readAfter(before, 10);
    expect(replay.map((e) => e.seq)).toEqual([a.seq, b.seq]);
    expect(replay[0]!.data).toEqual({ reason: 'order.created', from: '2026-11-26', to: '2026-11-26' });
    expect(bus.kind).toBe('in-process');
    await bus.close();
  });

  it('when the data does not match the event type, then publish fails and nothing is stored', async () => {
    const bus = await createEventBus({ db: handle.db });
    const before = await bus.latestSeq();
    // @ts-expect-error: deliberately wrong payload
    await expect(bus.publish('order.created', { orderId: 1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await bus.latestSeq()).toBe(before);
    await bus.close();
  });
});

describe.skipIf(!process.env.REDIS_URL)('event bus over Redis pub/sub', () => {
  let a: EventBus;
  let b: EventBus;
  const channel = `test:events:${randomUUID()}`;
  beforeAll(async () => {
    a = await createEventBus({ db: handle.db, redisUrl: process.env.REDIS_URL, channel, instanceId: 'a', catchUpIntervalMs: 200 });
    b = await createEventBus({ db: handle.db, redisUrl: process.env.REDIS_URL, channel, instanceId: 'b', catchUpIntervalMs: 200 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('when instance A publishes, then a listener on instance B receives the event exactly once', async () => {
    const onB: StoredEvent[] = [];
    const onA: StoredEvent[] = [];
    b.subscribe((e) => onB.push(e));
    a.subscribe((e) => onA.push(e));
    const sent = await a.publish('order.created', {
      orderId: 'o-1',
      channel: 'SHOPIFY_UK',
      region: 'UK',
      placedAt: new Date().toISOString(),
      lineCount: 1,
      units: 2,
      total: { amount: '59.90', currency: 'GBP' },
    });
    await waitFor(() => onB.length === 1);
    expect(onB[0]).toMatchObject({ seq: sent.seq, type: 'order.created' });
    await new Promise((r) => setTimeout(r, 300));
    expect(onB).toHaveLength(1);
    expect(onA).toHaveLength(1);
  });

  it('when an event never made it through pub/sub, then the other instance catches up from the table', async () => {
    const onB: StoredEvent[] = [];
    b.subscribe((e) => onB.push(e));
    const stored = await appendEvent(handle.db, { type: 'inventory.changed', data: { skuCodes: ['X'], reason: 'count' }, roles: null, source: 'elsewhere' });
    await waitFor(() => onB.some((e) => e.seq === stored.seq), 3000);
    expect(onB.filter((e) => e.seq === stored.seq)).toHaveLength(1);
  });
});
