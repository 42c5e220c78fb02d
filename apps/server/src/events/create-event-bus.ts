import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { domainEventDataSchemas, type DomainEventData, type DomainEventType, type EventAudience } from '@sentia/contracts/events';
import type { Db } from '@sentia/db/create-db';
import { AppError } from '../http/app-error.ts';
import { appendEvent, latestEventSeq, readEventsAfter, type StoredEvent } from './event-store.ts';

export type EventListener = (event: StoredEvent) => void;

/**
 * Typed domain events. Every event is stored first (its sequence number is the SSE id clients resume from),
 * then delivered to listeners in this process and, with Redis, in every other process.
 */
export interface EventBus {
  readonly kind: 'in-process' | 'redis';
  /** Validates, stores and delivers an event; resolves with the stored event once it is stored. */
  publish<T extends DomainEventType>(type: T, data: DomainEventData<T>, audience?: EventAudience): Promise<StoredEvent>;
  /** Listens to every event delivered to this process; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  /** Stored events after `afterSeq`, oldest first (replay for `Last-Event-ID` and polling). */
  readAfter(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  latestSeq(): Promise<number>;
  close(): Promise<void>;
}

export interface CreateEventBusOptions {
  db: Db;
  /** With a URL, events fan out over Redis pub/sub to every process. */
  redisUrl?: string | undefined;
  /** Pub/sub channel; tests use a unique one. Default "sentia:events". */
  channel?: string;
  /**
   * How often this process re-reads the event table for events it missed (ms), 0 to never. The safety net
   * for a pub/sub message lost while Redis restarted, and the delivery path between processes sharing
   * PostgreSQL without Redis. Default: 2000 with Redis, 0 without.
   */
  catchUpIntervalMs?: number;
  logger?: { warn: (obj: object, msg: string) => void };
  instanceId?: string;
}

/** How far behind the newest seen sequence a catch-up looks: concurrent publishers may commit out of order. */
const CATCH_UP_OVERLAP = 200;
const DELIVERED_MEMORY = 5000;

/** Creates the bus: in-process delivery always, plus Redis pub/sub fan-out when `redisUrl` is set. */
export async function createEventBus(options: CreateEventBusOptions): Promise<EventBus> {
  const { db } = options;
  const source = options.instanceId ?? `api-${randomUUID().slice(0, 8)}`;
  const channel = options.channel ?? 'sentia:events';
  const listeners = new Set<EventListener>();
  const delivered = new Set<number>();
  let highestSeq = await latestEventSeq(db);
  // Events from before this process started are history: catch-up never delivers them as new.
  const startSeq = highestSeq;
  let closed = false;

  const deliver = (event: StoredEvent) => {
    if (delivered.has(event.seq)) return;
    delivered.add(event.seq);
    if (delivered.size > DELIVERED_MEMORY) {
      const oldest = delivered.values().next().value;
      if (oldest !== undefined) delivered.delete(oldest);
    }
    if (event.seq > highestSeq) highestSeq = event.seq;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        options.logger?.warn({ err, type: event.type }, 'events: listener failed');
      }
    }
  };

  let catchingUp: Promise<void> | undefined;
  const catchUp = () => {
    catchingUp ??= (async () => {
      try {
        let after = Math.max(startSeq, highestSeq - CATCH_UP_OVERLAP);
        for (;;) {
          const batch = await readEventsAfter(db, after, 500);
          for (const event of batch) deliver(event);
          if (batch.length < 500) break;
          after = batch.at(-1)!.seq;
        }
      } catch (err) {
        if (!closed) options.logger?.warn({ err }, 'events: catch-up failed');
      } finally {
        catchingUp = undefined;
      }
    })();
    return catchingUp;
  };

  let publisher: Redis | undefined;
  let subscriber: Redis | undefined;
  if (options.redisUrl) {
    // Publishing must not hang a request while Redis is away: the event is stored, and catch-up delivers it.
    publisher = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    subscriber = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    for (const client of [publisher, subscriber]) client.on('error', (err: Error) => options.logger?.warn({ err: err.message }, 'events: redis error'));
    await Promise.all([publisher.connect(), subscriber.connect()]);
    subscriber.on('message', (_channel: string, message: string) => {
      try {
        deliver(JSON.parse(message) as StoredEvent);
      } catch (err) {
        options.logger?.warn({ err }, 'events: bad pub/sub message');
      }
    });
    let wasDisconnected = false;
    subscriber.on('close', () => (wasDisconnected = true));
    subscriber.on('ready', () => {
      // ioredis resubscribes by itself; whatever was published meanwhile is read back from the table.
      if (wasDisconnected) void catchUp();
      wasDisconnected = false;
    });
    await subscriber.subscribe(channel);
  }

  const intervalMs = options.catchUpIntervalMs ?? (options.redisUrl ? 2000 : 0);
  const timer = intervalMs > 0 ? setInterval(() => void catchUp(), intervalMs) : undefined;
  timer?.unref();

  return {
    kind: publisher ? 'redis' : 'in-process',

    async publish(type, data, audience) {
      const schema = domainEventDataSchemas[type];
      if (!schema) throw new AppError('VALIDATION_FAILED', `unknown event type "${String(type)}"`);
      const parsed = schema.safeParse(data);
      if (!parsed.success) {
        throw new AppError('VALIDATION_FAILED', `invalid ${type} event: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      const event = await appendEvent(db, { type, data: parsed.data, roles: audience?.roles ?? null, source });
      deliver(event);
      if (publisher) {
        publisher.publish(channel, JSON.stringify(event)).catch((err: unknown) => options.logger?.warn({ err, seq: event.seq }, 'events: publish to redis failed; other processes catch up from the table'));
      }
      return event;
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    readAfter: (afterSeq, limit) => readEventsAfter(db, afterSeq, limit),
    latestSeq: () => latestEventSeq(db),

    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      listeners.clear();
      await catchingUp;
      await Promise.all([subscriber?.quit().catch(() => subscriber?.disconnect()), publisher?.quit().catch(() => publisher?.disconnect())]);
    },
  };
}
