import { channelCodes, type Channel, currencyCodes, type Region, regionCodes } from '@sentia/contracts/common';
import { importFieldDefinitions } from '@sentia/contracts/imports';
import type { NormalisedOrder } from '@sentia/contracts/integrations';
import { AppError } from '../../http/app-error.ts';
import { ingestOrders } from '../integrations/ingest-orders.ts';
import type { ImportEntityHandler } from './import-entity.ts';
import { loadChannels, loadFirstFxDays, loadProducts } from './reference-lookups.ts';
import { addDays, isoDay } from './row-validator.ts';

const orderStatuses = ['PENDING', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
type OrderStatus = (typeof orderStatuses)[number];
const statusCategory: Record<OrderStatus, NormalisedOrder['statusCategory']> = { PENDING: 'pending', SHIPPED: 'shipped', DELIVERED: 'completed', CANCELLED: 'cancelled' };

/** How far back an order date may go: older dates are typos (2062, 1926) more often than real history. */
export const ORDER_HISTORY_YEARS = 10;

export interface OrderLineRecord {
  key: string;
  row: number;
  orderNumber: string;
  channel: Channel;
  orderedAt: Date;
  region: Region;
  status: OrderStatus;
  currency: string;
  lineNumber: number | undefined;
  sku: string;
  quantity: number;
  unitPrice: string;
  discount: string;
}

interface OrderContext {
  today: string;
  products: Map<string, { costCurrency: string }>;
  channels: Map<string, { currency: string; homeRegion: string }>;
  firstFxDay: Map<string, string>;
  /** Line identity → first row, for duplicate lines. */
  lines: Map<string, number>;
  /** Order → "orderedAt|currency|region|status|row" of its first line, for lines that disagree. */
  heads: Map<string, string>;
}

/**
 * Order lines, one per row, persisted through the integrations module's `ingestOrders` (the one order write
 * path: idempotent by (channel, order id), keeps `daily_sales` true). An imported order's version is its order
 * time, so re-importing a corrected file replaces it while a newer copy from the source system is kept.
 */
export const orderImport: ImportEntityHandler<OrderContext, OrderLineRecord> = {
  entity: 'orders',
  noun: 'orders',
  fields: importFieldDefinitions.orders,

  async context(db, now) {
    const [products, channels, firstFxDay] = await Promise.all([loadProducts(db), loadChannels(db), loadFirstFxDays(db)]);
    return { today: isoDay(now), products, channels, firstFxDay, lines: new Map(), heads: new Map() };
  },

  validateRow(v, row, ctx) {
    const orderNumber = v.text('orderNumber', { required: true, max: 100 });
    const channel = v.oneOf('channel', channelCodes, { required: true, what: 'channel' });
    const from = `${Number(ctx.today.slice(0, 4)) - ORDER_HISTORY_YEARS}${ctx.today.slice(4)}`;
    const to = addDays(ctx.today, 1);
    const orderedAt = v.instant('orderedAt', { required: true, from, to, rangeMessage: `date outside the allowed range ${from} to ${to} (no future orders, at most ${ORDER_HISTORY_YEARS} years back)` });
    const channelInfo = channel ? ctx.channels.get(channel) : undefined;
    const region = v.oneOf('region', regionCodes, { what: 'region' }) ?? (channelInfo?.homeRegion as Region | undefined);
    const status = v.oneOf('status', orderStatuses, { what: 'status' }) ?? 'DELIVERED';
    const lineNumber = v.integer('lineNumber', { min: 1, max: 32_767 });
    const sku = v.text('sku', { required: true, max: 64 });
    if (sku !== undefined && !ctx.products.has(sku)) v.issue('sku', sku, 'unknown SKU: not in the product catalogue');
    const quantity = v.integer('quantity', { required: true, min: 1, negativeMessage: 'negative quantity: an order line needs a quantity above 0' });
    const unitPrice = v.decimal('unitPrice', { required: true, min: '0', negativeMessage: 'negative price' });
    const discount = v.decimal('discount', { min: '0', negativeMessage: 'negative discount' }) ?? '0';
    const currencyText = v.text('currency', { required: true, max: 10 });
    let currency: string | undefined;
    if (currencyText !== undefined) {
      const upper = currencyText.toUpperCase();
      if (!(currencyCodes as readonly string[]).includes(upper)) v.issue('currency', currencyText, 'currency not supported: use GBP, EUR or USD');
      else if (channelInfo && upper !== channelInfo.currency) v.issue('currency', currencyText, `${channel} orders are in ${channelInfo.currency}`);
      else currency = upper;
    }
    if (orderedAt && currency && sku && ctx.products.has(sku)) {
      const day = isoDay(orderedAt);
      const pairs = [`${currency}>GBP`, `${ctx.products.get(sku)!.costCurrency}>${currency}`].filter((p) => p.slice(0, 3) !== p.slice(4));
      for (const pair of pairs) {
        const first = ctx.firstFxDay.get(pair);
        if (!first || first > day) v.issue('orderedAt', day, `no ${pair.replace('>', '→')} exchange rate on or before ${day}`);
      }
    }
    if (v.issues.length > 0 || !orderNumber || !channel || !orderedAt || !region || !sku || quantity === undefined || unitPrice === undefined || !currency) return undefined;

    const key = `${channel}|${orderNumber}`;
    const lineKey = lineNumber !== undefined ? `${key}|#${lineNumber}` : `${key}|${sku}`;
    const firstRow = ctx.lines.get(lineKey);
    if (firstRow !== undefined) {
      v.issue(lineNumber !== undefined ? 'lineNumber' : 'sku', lineNumber !== undefined ? String(lineNumber) : sku, `duplicate order line: row ${firstRow} has the same order ${orderNumber} and ${lineNumber !== undefined ? `line ${lineNumber}` : `SKU ${sku}`}`);
      return undefined;
    }
    const head = `${orderedAt.getTime()}|${currency}|${region}|${status}`;
    const seenHead = ctx.heads.get(key);
    if (seenHead !== undefined && !seenHead.startsWith(`${head}|`)) {
      v.issue('orderNumber', orderNumber, `lines of order ${orderNumber} disagree on date, currency, region or status (first line: row ${seenHead.split('|')[4]})`);
      return undefined;
    }
    ctx.lines.set(lineKey, row.row);
    if (seenHead === undefined) ctx.heads.set(key, `${head}|${row.row}`);
    return { key, row: row.row, orderNumber, channel, orderedAt, region, status, currency, lineNumber, sku, quantity, unitPrice, discount };
  },

  groupKey: (record) => record.key,

  async write(tx, groups, _ctx, meta) {
    const orders = groups.map((lines): NormalisedOrder => {
      const sorted = lines.some((l) => l.lineNumber !== undefined) ? [...lines].sort((a, b) => (a.lineNumber ?? 0) - (b.lineNumber ?? 0)) : lines;
      const head = sorted[0]!;
      const placedAt = head.orderedAt.toISOString();
      return {
        source: head.channel.startsWith('AMAZON') ? 'amazon' : 'shopify',
        account: 'file-import',
        sourceId: head.orderNumber,
        orderNumber: head.orderNumber,
        channel: head.channel,
        region: head.region,
        status: head.status,
        statusCategory: statusCategory[head.status],
        currency: head.currency,
        placedAt,
        updatedAt: placedAt,
        total: null,
        subtotal: null,
        taxTotal: null,
        discountTotal: null,
        lines: sorted.map((l, i) => ({ sourceLineId: String(l.lineNumber ?? i + 1), sku: l.sku, title: null, quantity: String(l.quantity), unitPrice: l.unitPrice, lineTotal: null, tax: null, discount: l.discount })),
        fees: [],
        refunds: [],
      };
    });
    const result = await ingestOrders(tx, orders, { sourceLabel: meta.sourceLabel, now: meta.now });
    if (result.rejected.length > 0) {
      const first = result.rejected[0]!;
      const row = groups.find((g) => g[0]!.orderNumber === first.sourceId)?.[0]?.row;
      throw new AppError('CONFLICT', `Order ${first.sourceId}${row ? ` (row ${row})` : ''} could not be stored: ${first.reason}. Nothing was imported.`);
    }
    return { inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, skipped: result.stale, affectedDays: result.affectedDays };
  },
};
