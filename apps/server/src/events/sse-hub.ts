import type { ServerResponse } from 'node:http';
import type { Role } from '@sentia/contracts/common';
import type { EventBus } from './create-event-bus.ts';
import type { StoredEvent } from './event-store.ts';

/** Who is listening and to what. */
export interface SseSubscriber {
  userId?: string;
  role: Role;
  /** Event types or prefixes ending in "." (e.g. "kpi.", "order.created"); empty means all. */
  types: readonly string[];
}

export interface SseHubOptions {
  bus: EventBus;
  /** Spec: at most 1000 concurrent SSE connections per instance. */
  maxConnections?: number;
  /** Comment line sent to every client this often, so proxies keep the stream open and clients detect a dead one. */
  heartbeatMs?: number;
  /** A client whose unsent output exceeds this is too slow: it is dropped instead of growing our memory. */
  maxBufferedBytes?: number;
  /** Events replayed from `Last-Event-ID` at most; a client further behind is told to reload. */
  maxReplay?: number;
  /** Reconnection delay the browser's EventSource should use (ms); our own client manages its backoff. */
  retryMs?: number;
  logger?: { warn: (obj: object, msg: string) => void };
}

export interface SseStats {
  connections: number;
  maxConnections: number;
  dropped: number;
  delivered: number;
}

/** Fan-out of bus events to this instance's SSE connections. */
export interface SseHub {
  /** True when another connection may be opened. */
  hasCapacity(): boolean;
  /**
   * Streams to `res` (headers not yet sent): replays events after `lastEventId` (or starts from now), then live
   * events. Resolves when the stream ends.
   */
  stream(res: ServerResponse, subscriber: SseSubscriber, lastEventId: number | undefined): Promise<void>;
  stats(): SseStats;
  /** Ends every stream (server shutdown). */
  close(): void;
}

interface Connection {
  res: ServerResponse;
  subscriber: SseSubscriber;
  /** While replaying, live events wait here so none is lost or sent twice. */
  pending: StoredEvent[] | null;
}

/** May this subscriber see this event? */
export function canSee(event: StoredEvent, subscriber: SseSubscriber): boolean {
  if (event.roles && !event.roles.includes(subscriber.role)) return false;
  // A change to someone's permissions concerns that user or role (whose app reloads its session) and administrators.
  if (event.type === 'permissions.changed' && subscriber.role !== 'ADMIN') {
    const changed = event.data as { userId?: string; role?: string };
    if (changed.userId !== subscriber.userId && changed.role !== subscriber.role) return false;
  }
  if (subscriber.types.length === 0) return true;
  return subscriber.types.some((t) => (t.endsWith('.') ? event.type.startsWith(t) : event.type === t));
}

/** One event in SSE wire format: the id is the sequence number, the event name the type. */
export function formatSseEvent(event: StoredEvent): string {
  const body = JSON.stringify({ seq: event.seq, type: event.type, occurredAt: event.occurredAt, data: event.data });
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${body}\n\n`;
}

/** Creates the hub and subscribes it to the bus. */
export function createSseHub(options: SseHubOptions): SseHub {
  const maxConnections = options.maxConnections ?? 1000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 512 * 1024;
  const maxReplay = options.maxReplay ?? 5000;
  const retryMs = options.retryMs ?? 1000;
  const connections = new Set<Connection>();
  let dropped = 0;
  let delivered = 0;

  const drop = (conn: Connection, reason: string) => {
    if (!connections.delete(conn)) return;
    dropped += 1;
    options.logger?.warn({ reason, buffered: conn.res.writableLength }, 'sse: dropping client');
    conn.res.destroy();
  };

  const write = (conn: Connection, chunk: string) => {
    if (conn.res.destroyed || conn.res.writableEnded) return;
    conn.res.write(chunk);
    if (conn.res.writableLength > maxBufferedBytes) drop(conn, 'slow client: send buffer over limit');
  };

  // No ordering check here: concurrent publishers may commit seq 11 before seq 10, and both must go out.
  const send = (conn: Connection, event: StoredEvent, wire: string) => {
    if (!canSee(event, conn.subscriber)) return;
    delivered += 1;
    write(conn, wire);
  };

  const unsubscribe = options.bus.subscribe((event) => {
    let wire: string | undefined;
    for (const conn of connections) {
      if (conn.pending) {
        conn.pending.push(event);
        continue;
      }
      wire ??= formatSseEvent(event);
      send(conn, event, wire);
    }
  });

  const heartbeat = setInterval(() => {
    const line = `: heartbeat ${Date.now()}\n\n`;
    for (const conn of connections) if (!conn.pending) write(conn, line);
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  return {
    hasCapacity: () => connections.size < maxConnections,

    async stream(res, subscriber, lastEventId) {
      const conn: Connection = { res, subscriber, pending: [] };
      /** Events at or below the floor, or already replayed, are not sent again from the pending list. */
      let floor = 0;
      const replayedSeqs = new Set<number>();
      connections.add(conn);
      const ended = new Promise<void>((resolve) => res.once('close', resolve));
      void ended.then(() => connections.delete(conn));
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.flushHeaders();
      try {
        if (lastEventId === undefined) {
          const latest = await options.bus.latestSeq();
          floor = latest;
          write(conn, `retry: ${retryMs}\nid: ${latest}\nevent: ready\ndata: ${JSON.stringify({ lastSeq: latest, replayed: 0 })}\n\n`);
        } else {
          let after = lastEventId;
          let replayed = 0;
          let maxReplayed = lastEventId;
          floor = lastEventId;
          write(conn, `retry: ${retryMs}\n\n`);
          for (;;) {
            const batch = await options.bus.readAfter(after, 500);
            for (const event of batch) {
              replayedSeqs.add(event.seq);
              maxReplayed = Math.max(maxReplayed, event.seq);
              send(conn, event, formatSseEvent(event));
            }
            replayed += batch.length;
            if (batch.length < 500) break;
            after = batch.at(-1)!.seq;
            if (replayed >= maxReplay) {
              // Too far behind to replay event by event: the client should reload its data instead.
              floor = await options.bus.latestSeq();
              write(conn, `id: ${floor}\nevent: reset\ndata: ${JSON.stringify({ reason: 'too far behind', lastSeq: floor })}\n\n`);
              break;
            }
          }
          write(conn, `event: ready\ndata: ${JSON.stringify({ lastSeq: Math.max(maxReplayed, floor), replayed })}\n\n`);
        }
      } catch (err) {
        options.logger?.warn({ err }, 'sse: replay failed');
        connections.delete(conn);
        res.destroy();
        return ended;
      }
      const pending = conn.pending ?? [];
      conn.pending = null;
      for (const event of pending.sort((a, b) => a.seq - b.seq)) {
        if (event.seq > floor && !replayedSeqs.has(event.seq)) send(conn, event, formatSseEvent(event));
      }
      return ended;
    },

    stats: () => ({ connections: connections.size, maxConnections, dropped, delivered }),

    close() {
      unsubscribe();
      clearInterval(heartbeat);
      for (const conn of connections) conn.res.end();
      connections.clear();
    },
  };
}
