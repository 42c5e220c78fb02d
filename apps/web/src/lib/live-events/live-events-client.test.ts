import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLiveEventsClient, parseSseChunk, type LiveEvent, type LiveEventsClient } from './live-events-client.ts';

// A fresh port per test: fetch keeps pooled connections to a closed server, which would fail a first request.
let port = 3320;
let base = '';

interface Script {
  stream: (req: IncomingMessage, res: ServerResponse) => void;
  poll?: (req: IncomingMessage, res: ServerResponse) => void;
}
let server: Server;
let script: Script;
const requests: { url: string; lastEventId: string | undefined; at: number }[] = [];
let client: LiveEventsClient | undefined;

const sse = (res: ServerResponse, chunks: string[], end = false) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const c of chunks) res.write(c);
  if (end) res.end();
};
const event = (seq: number, type = 'kpi.updated') => `id: ${seq}\nevent: ${type}\ndata: ${JSON.stringify({ seq, type, occurredAt: '2026-11-26T06:00:00.000Z', data: { reason: 't' } })}\n\n`;
const ready = (lastSeq: number) => `event: ready\ndata: ${JSON.stringify({ lastSeq, replayed: 0 })}\n\n`;

const waitFor = async (check: () => boolean, timeoutMs = 4000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

beforeEach(async () => {
  requests.length = 0;
  server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', lastEventId: req.headers['last-event-id'] as string | undefined, at: Date.now() });
    if (req.url?.startsWith('/api/events/stream')) script.stream(req, res);
    else if (req.url?.startsWith('/api/events') && script.poll) script.poll(req, res);
    else res.writeHead(404).end();
  });
  port += 1;
  base = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
});
afterEach(async () => {
  client?.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const start = (opts: Parameters<typeof createLiveEventsClient>[0] = {}) => {
  const events: LiveEvent[] = [];
  let resyncs = 0;
  client = createLiveEventsClient({ streamUrl: `${base}/api/events/stream`, pollUrl: `${base}/api/events`, isOnline: () => true, ...opts });
  client.onEvent((e) => {
    if (e.type === 'resync') resyncs += 1;
    else events.push(e as LiveEvent);
  });
  client.start();
  return { events, resyncs: () => resyncs, client };
};

describe('parseSseChunk', () => {
  it('when a chunk ends mid-message, then the complete messages are returned and the rest kept', () => {
    const { messages, rest } = parseSseChunk(`: heartbeat\n\n${event(1)}id: 2\nevent: kpi.up`);
    expect(messages).toEqual([{ id: '1', event: 'kpi.updated', data: expect.stringContaining('"seq":1') }]);
    expect(rest).toBe('id: 2\nevent: kpi.up');
  });
});

describe('live events client', () => {
  it('when the stream delivers events, then each is passed on once and the state is connected with the newest sequence', async () => {
    script = { stream: (_req, res) => sse(res, [ready(4), event(5), event(6), event(6)]) };
    const { events, client: c } = start();
    await waitFor(() => events.length === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(events.map((e) => e.seq)).toEqual([5, 6]);
    expect(c.getState()).toMatchObject({ status: 'connected', lastSeq: 6 });
    expect(c.getState().lastUpdatedAt).toBeInstanceOf(Date);
  });

  it('when the server drops the stream, then the client reconnects after the first backoff step with Last-Event-ID', async () => {
    let n = 0;
    script = {
      stream: (_req, res) => {
        n += 1;
        if (n === 1) sse(res, [ready(9), event(10)], true);
        else sse(res, [event(11)]);
      },
    };
    const states: string[] = [];
    const { events, client: c } = start({ backoffMs: [120, 240, 480], replayOverlap: 0 });
    c.onState((s) => states.push(s.status));
    await waitFor(() => events.length === 2);
    expect(events.map((e) => e.seq)).toEqual([10, 11]);
    expect(requests[1]!.lastEventId).toBe('10');
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(110);
    expect(states).toContain('reconnecting');
    expect(c.getState().status).toBe('connected');
  });

  it('when streaming keeps failing, then it retries with growing delays three times and then polls, delivering events', async () => {
    let polls = 0;
    script = {
      stream: (_req, res) => res.writeHead(500).end(),
      poll: (req, res) => {
        polls += 1;
        const after = Number(new URL(req.url!, base).searchParams.get('after') ?? 0);
        const body = req.url!.includes('after=') ? { events: [{ seq: after + 1, type: 'order.created', occurredAt: 'x', data: {} }], lastSeq: after + 1 } : { events: [], lastSeq: 20 };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      },
    };
    const { events, client: c, resyncs } = start({ backoffMs: [40, 80, 160], pollIntervalMs: 50, streamRetryMs: 60_000, replayOverlap: 0 });
    await waitFor(() => events.length >= 2);
    const streamTimes = requests.filter((r) => r.url.startsWith('/api/events/stream')).map((r) => r.at);
    expect(streamTimes).toHaveLength(4);
    const gaps = streamTimes.slice(1).map((t, i) => t - streamTimes[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(150);
    expect(c.getState().status).toBe('polling');
    expect(events.slice(0, 2).map((e) => e.seq)).toEqual([21, 22]);
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(resyncs()).toBe(1);
  });

  it('when resuming, then it asks for a few events before the newest it saw and drops the ones it already has', async () => {
    let n = 0;
    script = {
      stream: (_req, res) => {
        n += 1;
        if (n === 1) sse(res, [ready(100), event(101), event(102)], true);
        else sse(res, [event(100), event(101), event(102), event(103)]);
      },
    };
    const { events } = start({ backoffMs: [20, 20, 20], replayOverlap: 5 });
    await waitFor(() => events.some((e) => e.seq === 103));
    expect(requests[1]!.lastEventId).toBe('97');
    expect(events.map((e) => e.seq)).toEqual([101, 102, 100, 103]);
  });

  it('when the instance is full (503), then it polls straight away instead of retrying the stream', async () => {
    script = {
      stream: (_req, res) => res.writeHead(503, { 'retry-after': '5' }).end(),
      poll: (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ events: [], lastSeq: 7 })),
    };
    const { client: c } = start({ backoffMs: [1000, 2000, 4000], pollIntervalMs: 50, streamRetryMs: 60_000 });
    await waitFor(() => c.getState().status === 'polling' && c.getState().lastSeq === 7);
    expect(requests.filter((r) => r.url.startsWith('/api/events/stream'))).toHaveLength(1);
  });

  it('when the session has ended, then the client goes offline instead of retrying', async () => {
    script = { stream: (_req, res) => res.writeHead(401).end() };
    const { client: c } = start({ backoffMs: [20, 20, 20] });
    await waitFor(() => c.getState().status === 'offline');
    await new Promise((r) => setTimeout(r, 100));
    expect(requests).toHaveLength(1);
    expect(c.getState().reason).toBe('signed out');
  });
});
