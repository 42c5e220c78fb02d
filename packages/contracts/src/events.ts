import { z } from 'zod';
import { channelSchema, moneySchema, regionSchema, roleSchema } from './common.ts';

/**
 * Payload schema of every domain event, keyed by event type. The server validates on publish; the web
 * app uses the types to decide which cached queries an event makes stale.
 */
export const domainEventDataSchemas = {
  'order.created': z.object({
    orderId: z.string(),
    channel: channelSchema,
    region: regionSchema,
    placedAt: z.string(),
    lineCount: z.number().int().nonnegative(),
    units: z.number().int().nonnegative(),
    total: moneySchema,
  }),
  'inventory.changed': z.object({
    skuCodes: z.array(z.string()),
    reason: z.string(),
  }),
  'kpi.updated': z.object({
    /** Why the numbers moved, e.g. "order.created", "sync.completed". */
    reason: z.string(),
    /** First and last affected day (UTC), when known. */
    from: z.string().optional(),
    to: z.string().optional(),
  }),
  'forecast.completed': z.object({ runId: z.string(), seriesCount: z.number().int().nonnegative() }),
  /** A forecast run's progress (the Forecasting page shows it live; job.updated is for admins only). */
  'forecast.progress': z.object({ runId: z.string(), progress: z.number().min(0).max(100), done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  'alert.raised': z.object({
    alertId: z.string(),
    severity: z.enum(['critical', 'high', 'medium', 'low']),
    title: z.string(),
    message: z.string(),
    source: z.string(),
  }),
  /** One user's access changed (`userId`: role, active flag) or a role's grants were edited (`role`). */
  'permissions.changed': z.union([z.object({ userId: z.string() }), z.object({ role: roleSchema })]),
  'sync.completed': z.object({ source: z.string(), recordCount: z.number().int().nonnegative() }),
  'job.updated': z.object({
    jobId: z.string(),
    queue: z.string(),
    name: z.string(),
    state: z.enum(['waiting', 'delayed', 'active', 'completed', 'failed', 'dead-lettered', 'removed']),
    progress: z.number().min(0).max(100).nullable(),
    error: z.string().nullable(),
  }),
} as const;

export type DomainEventType = keyof typeof domainEventDataSchemas;
export const domainEventTypes = Object.keys(domainEventDataSchemas) as DomainEventType[];
export const domainEventTypeSchema = z.enum(domainEventTypes as [DomainEventType, ...DomainEventType[]]);
export type DomainEventData<T extends DomainEventType> = z.infer<(typeof domainEventDataSchemas)[T]>;

/** An event as stored and streamed: `seq` is the SSE `id:` and the `Last-Event-ID` to resume from. */
export type DomainEvent<T extends DomainEventType = DomainEventType> = {
  [K in T]: { seq: number; type: K; occurredAt: string; data: DomainEventData<K> };
}[T];

export const domainEventSchema = z.object({
  seq: z.number().int().positive(),
  type: domainEventTypeSchema,
  occurredAt: z.string(),
  data: z.unknown(),
});

/** Who may see an event; absent means every signed-in user. */
export const eventAudienceSchema = z.object({ roles: z.array(roleSchema).min(1).optional() });
export type EventAudience = z.infer<typeof eventAudienceSchema>;

/** GET /api/events (the polling fallback): events after `after`, oldest first. */
export const eventsQuerySchema = z.strictObject({
  /** Omit on the first poll: the answer then carries no events, only the `lastSeq` to poll after. */
  after: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  types: z.string().max(500).optional().describe('comma-separated event types or prefixes, e.g. "kpi.,order.created"'),
});
export const eventsPageSchema = z.object({
  events: z.array(domainEventSchema),
  /** The newest sequence number the server knows: poll again with `after` = this. */
  lastSeq: z.number().int().nonnegative(),
});
export type EventsPage = z.infer<typeof eventsPageSchema>;
