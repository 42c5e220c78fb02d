import type { DemandEvent, DemandEventList, demandEventInputSchema, demandEventListQuerySchema } from '@sentia/contracts/forecasting';
import type { Db, DbTransaction } from '@sentia/db/create-db';
import { demandEvents, products } from '@sentia/db/schema';
import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import type { z } from 'zod';
import type { AuthPrincipal } from '../../http/auth-guard.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { keyParts } from './demand-series.ts';
import { eventApplies, type CalendarEvent } from './event-regressors.ts';

type EventInput = z.output<typeof demandEventInputSchema>;
type ListQuery = z.output<typeof demandEventListQuerySchema>;
type Row = typeof demandEvents.$inferSelect;
interface RequestMeta {
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

function toEvent(r: Row): DemandEvent {
  return {
    id: r.id,
    kind: r.kind as DemandEvent['kind'],
    name: r.name,
    code: r.code,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    skus: r.skus,
    regions: r.regions,
    channels: r.channels,
    notes: r.notes,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The whole calendar as the forecast job needs it (a few hundred rows at most: a few events a year). */
export async function loadCalendarEvents(db: Db | DbTransaction, window?: { from: string; to: string }): Promise<Array<CalendarEvent & { id: string }>> {
  const where = window ? and(gte(demandEvents.endsOn, window.from), lte(demandEvents.startsOn, window.to)) : undefined;
  const rows = await db
    .select({ id: demandEvents.id, kind: demandEvents.kind, name: demandEvents.name, startsOn: demandEvents.startsOn, endsOn: demandEvents.endsOn, skus: demandEvents.skus, regions: demandEvents.regions, channels: demandEvents.channels })
    .from(demandEvents)
    .where(where)
    .orderBy(asc(demandEvents.startsOn), asc(demandEvents.name));
  return rows;
}

const snapshot = (e: DemandEvent) => ({ kind: e.kind, name: e.name, code: e.code, startsOn: e.startsOn, endsOn: e.endsOn, skus: e.skus, regions: e.regions, channels: e.channels, notes: e.notes });

/**
 * The demand calendar: list, create, replace and delete holidays and promotions. Every change is audited; the next
 * forecast run uses the calendar as it then stands (a run's stored decomposition shows the effects it learned).
 */
export function createDemandEventsService(db: Db) {
  /** Unknown SKUs in an input, as field errors. */
  async function checkSkus(tx: DbTransaction, skus: readonly string[] | null) {
    if (!skus) return;
    const known = new Set((await tx.select({ sku: products.sku }).from(products).where(inArray(products.sku, [...skus]))).map((r) => r.sku));
    const errors = skus.flatMap((sku, i) => (known.has(sku) ? [] : [{ field: `skus.${i}`, message: `unknown SKU ${sku}` }]));
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `Unknown SKU${errors.length > 1 ? 's' : ''}: ${errors.map((e) => e.message.slice(12)).join(', ')}.`, { errors });
  }

  const audit = (tx: DbTransaction, principal: AuthPrincipal, meta: RequestMeta, action: string, id: string, before: DemandEvent | null, after: DemandEvent | null) =>
    recordAudit(tx, {
      userId: principal.userId,
      actor: principal.email,
      actorRole: principal.role,
      action,
      entityType: 'demand_event',
      entityId: id,
      before: before ? snapshot(before) : null,
      after: after ? snapshot(after) : null,
      ipAddress: meta.ip ?? null,
      userAgent: meta.userAgent ?? null,
      requestId: meta.requestId ?? null,
    });

  const values = (input: EventInput) => ({
    kind: input.kind,
    name: input.name,
    code: input.code,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    skus: input.skus ? [...new Set(input.skus)].sort() : null,
    regions: input.regions ? [...new Set(input.regions)].sort() : null,
    channels: input.channels ? [...new Set(input.channels)].sort() : null,
    notes: input.notes,
  });

  return {
    async list(query: ListQuery): Promise<DemandEventList> {
      const conditions = [
        query.from ? gte(demandEvents.endsOn, query.from) : undefined,
        query.to ? lte(demandEvents.startsOn, query.to) : undefined,
        query.kind ? eq(demandEvents.kind, query.kind) : undefined,
      ].filter((c) => c !== undefined);
      const rows = await db.select().from(demandEvents).where(and(...conditions)).orderBy(asc(demandEvents.startsOn), asc(demandEvents.name));
      const scope = query.seriesKey ? keyParts(query.seriesKey) : undefined;
      return { events: rows.filter((r) => !scope || eventApplies(r, scope)).map(toEvent) };
    },

    async create(input: EventInput, principal: AuthPrincipal, meta: RequestMeta): Promise<DemandEvent> {
      return db.transaction(async (tx) => {
        await checkSkus(tx, input.skus);
        const [row] = await tx.insert(demandEvents).values({ ...values(input), createdBy: principal.userId }).returning();
        const event = toEvent(row!);
        await audit(tx, principal, meta, 'forecast.event.created', event.id, null, event);
        return event;
      });
    },

    async replace(id: string, input: EventInput, principal: AuthPrincipal, meta: RequestMeta): Promise<DemandEvent> {
      return db.transaction(async (tx) => {
        const [old] = await tx.select().from(demandEvents).where(eq(demandEvents.id, id)).for('update');
        if (!old) throw new AppError('NOT_FOUND', `There is no calendar event ${id}.`);
        await checkSkus(tx, input.skus);
        const [row] = await tx.update(demandEvents).set({ ...values(input), updatedAt: new Date() }).where(eq(demandEvents.id, id)).returning();
        const event = toEvent(row!);
        await audit(tx, principal, meta, 'forecast.event.updated', id, toEvent(old), event);
        return event;
      });
    },

    async remove(id: string, principal: AuthPrincipal, meta: RequestMeta): Promise<void> {
      await db.transaction(async (tx) => {
        const [old] = await tx.delete(demandEvents).where(eq(demandEvents.id, id)).returning();
        if (!old) throw new AppError('NOT_FOUND', `There is no calendar event ${id}.`);
        await audit(tx, principal, meta, 'forecast.event.deleted', id, toEvent(old), null);
      });
    },
  };
}
