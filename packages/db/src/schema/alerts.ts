import { sql } from 'drizzle-orm';
import { index, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';

export const alertSeverity = pgEnum('alert_severity', ['INFO', 'WARNING', 'CRITICAL']);
export const alertStatus = pgEnum('alert_status', ['OPEN', 'ACKNOWLEDGED', 'RESOLVED']);

/**
 * Alerts raised by rules (stock below reorder point, overdue receivables, data feed stale, …).
 * `dedupeKey` is unique among unresolved alerts, so re-evaluating a rule updates instead of duplicating.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    severity: alertSeverity('severity').notNull(),
    status: alertStatus('status').notNull().default('OPEN'),
    title: text('title').notNull(),
    message: text('message').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    data: jsonb('data').notNull().default({}),
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: createdAt(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
    acknowledgedAt: instant('acknowledged_at'),
    acknowledgedBy: uuid('acknowledged_by'),
    resolvedAt: instant('resolved_at'),
  },
  (t) => [
    uniqueIndex('alerts_open_dedupe_key').on(t.dedupeKey).where(sql`${t.status} <> 'RESOLVED'`),
    index('alerts_status_created_idx').on(t.status, t.createdAt),
  ],
);
