import type { Channel, Currency } from '@sentia/contracts/common';
import type { NormalisedOrder } from '@sentia/contracts/integrations';
import { ingestOrders, type IngestOrdersResult } from './ingest-orders.ts';
import type { IngestDb } from './source-records.ts';

/** The demo's B2B stores: wholesale customers' orders are reported under them (demo generator, KPIs). */
export const defaultWholesaleChannels: Partial<Record<Currency, Channel>> = { GBP: 'SHOPIFY_UK', USD: 'SHOPIFY_US' };

export interface IngestSalesOrdersResult extends IngestOrdersResult {
  /** Orders the ERP got from a web store or marketplace (`originSource`): counted through that connector instead. */
  ignored: number;
}

/**
 * ERP (Unleashed) sales orders into `orders` through `ingestOrders`, so identity, idempotency and the
 * `daily_sales` invariant are the same as for every other source. There are five sales channels and
 * wholesale is not one of them: as in the demo company, a wholesale order is reported under the channel
 * `wholesaleChannels` names for its currency, with its customer and no platform fee. Orders whose
 * `originSource` says the ERP imported them from a store (Shopify, Amazon) are skipped: their own connector
 * already counts them, and counting the ERP copy too would double the sales.
 */
export async function ingestSalesOrders(db: IngestDb, input: NormalisedOrder[], opts: { wholesaleChannels?: Partial<Record<Currency, Channel>>; now?: Date } = {}): Promise<IngestSalesOrdersResult> {
  const channels = opts.wholesaleChannels ?? defaultWholesaleChannels;
  const own = input.filter((o) => !o.originSource);
  const unmapped: NormalisedOrder[] = [];
  const mapped: NormalisedOrder[] = [];
  for (const order of own) {
    const channel = order.channel === 'WHOLESALE' ? channels[order.currency as Currency] : order.channel;
    if (channel) mapped.push({ ...order, channel });
    else unmapped.push(order);
  }
  const result = await ingestOrders(db, mapped, opts.now ? { now: opts.now } : {});
  for (const order of unmapped) result.rejected.push({ sourceId: order.sourceId, reason: `no sales channel for wholesale orders in ${order.currency}: set wholesaleChannels on the connection` });
  return { ...result, ignored: input.length - own.length };
}
