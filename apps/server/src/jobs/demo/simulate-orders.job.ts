import { randomUUID } from 'node:crypto';
import { and, eq, lte } from 'drizzle-orm';
import { z } from 'zod';
import { regionCodes, type Channel, type Region } from '@sentia/contracts/common';
import type { Db } from '@sentia/db/create-db';
import { channels, productPrices, products } from '@sentia/db/schema';
import type { EventBus } from '../../events/create-event-bus.ts';
import { defineJob } from '../job-definition.ts';
import { recordOrder } from './record-order.ts';

export const simulateOrdersPayloadSchema = z.object({
  /** Orders per run; each run picks between 1 and this many. */
  maxOrders: z.number().int().min(1).max(20).default(2),
});

const pick = <T,>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/**
 * Demo mode: new orders arrive as they would from the marketplaces, so the live dashboard visibly moves.
 * Each run records 1–`maxOrders` orders at list price through {@link recordOrder} and raises `order.created`
 * and `kpi.updated`.
 */
export function createSimulateOrdersJob(deps: { db: Db; bus: EventBus }) {
  return defineJob({
    name: 'demo.simulate-orders',
    payloadSchema: simulateOrdersPayloadSchema,
    retry: 'none',
    timeout: 60_000,
    handler: async ({ maxOrders }, ctx) => {
      const now = new Date();
      const day = now.toISOString().slice(0, 10);
      const activeChannels = await deps.db.select().from(channels).where(eq(channels.isActive, true));
      const priced = await deps.db
        .select({ sku: productPrices.sku, channelCode: productPrices.channelCode })
        .from(productPrices)
        .innerJoin(products, eq(products.sku, productPrices.sku))
        .where(and(eq(products.isActive, true), lte(productPrices.validFrom, day)));
      const count = 1 + Math.floor(Math.random() * maxOrders);
      const recorded = [];
      for (let i = 0; i < count && !ctx.signal.aborted; i += 1) {
        const channel = pick(activeChannels.filter((c) => priced.some((p) => p.channelCode === c.code)));
        if (!channel) break;
        const skus = [...new Set(priced.filter((p) => p.channelCode === channel.code).map((p) => p.sku))];
        const lineCount = 1 + Math.floor(Math.random() * Math.min(3, skus.length));
        const chosen = [...skus].sort(() => Math.random() - 0.5).slice(0, lineCount);
        // Most orders ship within the channel's home region; a few cross borders.
        const region: Region = Math.random() < 0.85 ? (channel.homeRegion as Region) : pick(regionCodes);
        const order = await recordOrder(deps.db, {
          channelCode: channel.code as Channel,
          externalId: `SIM-${now.getTime()}-${randomUUID().slice(0, 8)}`,
          shipToRegion: region,
          orderedAt: new Date(),
          lines: chosen.map((sku) => ({ sku, quantity: 1 + Math.floor(Math.random() * 3) })),
          source: 'demo-simulator',
        });
        recorded.push(order);
        await deps.bus.publish('order.created', {
          orderId: order.orderId,
          channel: channel.code as Channel,
          region,
          placedAt: new Date().toISOString(),
          lineCount: chosen.length,
          units: order.units,
          total: { amount: order.total, currency: order.currency as 'GBP' | 'EUR' | 'USD' },
        });
        await ctx.reportProgress(((i + 1) / count) * 100);
      }
      if (recorded.length > 0) await deps.bus.publish('kpi.updated', { reason: 'order.created', from: day, to: day });
      return { orders: recorded.map((o) => o.orderNumber) };
    },
  });
}

