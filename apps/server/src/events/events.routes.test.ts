import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../test/create-test-app.ts';
import { createEventBus, type EventBus } from './create-event-bus.ts';
import { eventsModule } from './events.routes.ts';
import { readSse, type SseReader } from './read-sse.ts';
import { createSseHub, type SseHub } from './sse-hub.ts';

const PORT = 3311;
const base = `http://127.0.0.1:${PORT}`;
let t: TestApp;
let bus: EventBus;
let hub: SseHub;
const cookies: Record<string, string> = {};
const open: SseReader[] = [];

const alert = (title: string, message = 'm') => ({ alertId: title, severity: 'low' as const, title, message, source: 'test' });
const stream = async (role: 'ADMIN' | 'VIEWER', path = '/api/events/stream', headers: Record<string, string> = {}) => {
  const reader = await readSse(`${base}${path}`, { cookie: cookies[role]!, ...headers });
  open.push(reader);
  return reader;
};
const parsed = (r: SseReader) => r.messages.filter((m) => m.event !== 'ready').map((m) => ({ id: Number(m.id), ...(JSON.parse(m.data) as { type: string; data: { title?: string } }) }));

beforeAll(async () => {
  t = await createTestApp({
    seed: async (db) => {
      bus = await createEventBus({ db: db.db });
      hub = createSseHub({ bus, maxConnections: 6, heartbeatMs: 150, maxBufferedBytes: 64 * 1024 });
    },
    modules: [{ name: 'events', register: (app, ctx) => eventsModule({ bus, hub }).register(app, ctx) }],
  });
  cookies.ADMIN = await signIn(t.app, 'ADMIN');
  cookies.VIEWER = await signIn(t.app, 'VIEWER');
  await t.app.listen({ port: PORT, host: '127.0.0.1' });
});
afterAll(async () => {
  for (const r of open) r.close();
  await t?.close();
  await bus?.close();
});

describe('GET /api/events/stream', () => {
  it('when nobody is signed in, then 401 problem and no stream', async () => {
    const res = await fetch(`${base}/api/events/stream`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('when an event is published, then a connected client receives it with its sequence as id within a second', async () => {
    const client = await stream('VIEWER');
    expect(client.status).toBe(200);
    expect(client.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await client.waitFor((m) => m.event === 'ready');
    const sentAt = Date.now();
    const event = await bus.publish('kpi.updated', { reason: 'order.created' });
    const got = await client.waitFor((m) => m.event === 'kpi.updated', 1000);
    expect(Date.now() - sentAt).toBeLessThan(1000);
    expect(got.id).toBe(String(event.seq));
    expect(JSON.parse(got.data)).toMatchObject({ seq: event.seq, type: 'kpi.updated', data: { reason: 'order.created' } });
    client.close();
  });

  it('when a client reconnects with Last-Event-ID, then it gets exactly the events it missed, in order, then live ones', async () => {
    const first = await stream('VIEWER');
    await first.waitFor((m) => m.event === 'ready');
    const seen = await bus.publish('alert.raised', alert('seen'));
    await first.waitFor((m) => m.id === String(seen.seq));
    first.close();
    const missed1 = await bus.publish('alert.raised', alert('missed-1'));
    const missed2 = await bus.publish('alert.raised', alert('missed-2'));
    const again = await stream('VIEWER', '/api/events/stream', { 'last-event-id': String(seen.seq) });
    await again.waitFor((m) => m.event === 'ready');
    const live = await bus.publish('alert.raised', alert('live'));
    await again.waitFor((m) => m.id === String(live.seq));
    expect(parsed(again).map((e) => e.id)).toEqual([missed1.seq, missed2.seq, live.seq]);
    expect(parsed(again).map((e) => e.data.title)).toEqual(['missed-1', 'missed-2', 'live']);
    again.close();
  });

  it('when an event is meant for admins, then a viewer never sees it and an admin does', async () => {
    const viewer = await stream('VIEWER');
    const admin = await stream('ADMIN');
    await Promise.all([viewer.waitFor((m) => m.event === 'ready'), admin.waitFor((m) => m.event === 'ready')]);
    const secret = await bus.publish('alert.raised', alert('admins only'), { roles: ['ADMIN'] });
    const everyone = await bus.publish('alert.raised', alert('everyone'));
    await viewer.waitFor((m) => m.id === String(everyone.seq));
    await admin.waitFor((m) => m.id === String(everyone.seq));
    expect(viewer.messages.some((m) => m.id === String(secret.seq))).toBe(false);
    expect(admin.messages.some((m) => m.id === String(secret.seq))).toBe(true);
    viewer.close();
    admin.close();
  });

  it('when a client subscribes to some types, then it receives only those', async () => {
    const client = await stream('VIEWER', '/api/events/stream?types=kpi.,order.created');
    await client.waitFor((m) => m.event === 'ready');
    await bus.publish('alert.raised', alert('not subscribed'));
    const kpi = await bus.publish('kpi.updated', { reason: 'test' });
    await client.waitFor((m) => m.id === String(kpi.seq));
    expect(parsed(client).map((e) => e.type)).toEqual(['kpi.updated']);
    client.close();
  });

  it('when the stream is idle, then heartbeat comments keep it alive', async () => {
    const client = await stream('VIEWER');
    await client.waitFor((m) => m.event === 'ready');
    await new Promise((r) => setTimeout(r, 800));
    expect(client.comments.filter((c) => c.startsWith('heartbeat')).length).toBeGreaterThanOrEqual(2);
    client.close();
  });

  it('when the instance is at its connection cap, then the next client is refused with 503 and Retry-After', async () => {
    await new Promise((r) => setTimeout(r, 100));
    const before = hub.stats().connections;
    const held = await Promise.all(Array.from({ length: 6 - before }, () => stream('VIEWER')));
    expect(hub.stats().connections).toBe(6);
    const refused = await fetch(`${base}/api/events/stream`, { headers: { cookie: cookies.VIEWER! } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ code: 'UNAVAILABLE', detail: expect.stringMatching(/maximum of 6/) });
    for (const r of held) r.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(hub.stats().connections).toBe(0);
  });

  it('when a client stops reading, then it is dropped once its buffer passes the limit instead of growing memory', async () => {
    const droppedBefore = hub.stats().dropped;
    // A raw request whose response we never read: the socket's buffers fill and then the server's.
    const req = http.get(`${base}/api/events/stream`, { headers: { cookie: cookies.VIEWER! } });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    res.pause();
    const big = 'x'.repeat(16 * 1024);
    for (let i = 0; i < 400 && hub.stats().dropped === droppedBefore; i += 1) {
      await bus.publish('alert.raised', alert(`flood-${i}`, big));
    }
    expect(hub.stats().dropped).toBe(droppedBefore + 1);
    req.destroy();
  });
});

describe('GET /api/events (polling fallback)', () => {
  it('when polled without a position, then it answers the newest sequence; polled after it, then the newer visible events', async () => {
    const first = await fetch(`${base}/api/events`, { headers: { cookie: cookies.VIEWER! } });
    const { events, lastSeq } = (await first.json()) as { events: unknown[]; lastSeq: number };
    expect(events).toEqual([]);
    const hidden = await bus.publish('alert.raised', alert('hidden'), { roles: ['ADMIN'] });
    const shown = await bus.publish('kpi.updated', { reason: 'poll' });
    const next = await fetch(`${base}/api/events?after=${lastSeq}`, { headers: { cookie: cookies.VIEWER! } });
    const page = (await next.json()) as { events: { seq: number; type: string }[]; lastSeq: number };
    expect(page.events.map((e) => e.seq)).toEqual([shown.seq]);
    expect(page.lastSeq).toBe(shown.seq);
    expect(hidden.seq).toBeLessThan(shown.seq);
  });
});

describe('permissions.changed', () => {
  it('when a user’s permissions change, then that user and admins are told, and nobody else', async () => {
    const me = (await (await fetch(`${base}/api/auth/me`, { headers: { cookie: cookies.VIEWER! } })).json()) as { user: { id: string } };
    const first = await fetch(`${base}/api/events`, { headers: { cookie: cookies.VIEWER! } });
    const { lastSeq } = (await first.json()) as { lastSeq: number };
    const mine = await bus.publish('permissions.changed', { userId: me.user.id });
    const someoneElse = await bus.publish('permissions.changed', { userId: 'another-user' });
    const seen = async (cookie: string) =>
      ((await (await fetch(`${base}/api/events?after=${lastSeq}`, { headers: { cookie } })).json()) as { events: { seq: number }[] }).events.map((e) => e.seq);
    expect(await seen(cookies.VIEWER!)).toEqual([mine.seq]);
    expect(await seen(cookies.ADMIN!)).toEqual([mine.seq, someoneElse.seq]);
  });
});
