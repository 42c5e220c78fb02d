import { z } from 'zod';
import type { Channel, Region } from '@sentia/contracts/common';
import type { NormalisedInventoryLevel, NormalisedOrder, NormalisedOrderLine, NormalisedRefund } from '@sentia/contracts/integrations';
import { ConnectorError } from '../shared/connector-error.ts';
import { addDecimals, multiplyDecimals, subtractDecimals, toDecimalString, toOptionalDecimalString, toOptionalUtcIso, toUtcIso } from '../shared/decimal.ts';

/** What a store contributes to each record it produces. */
export interface ShopifyStoreContext {
  shopDomain: string;
  channel: Channel;
  region: Region;
}

const money = z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }) });
export const gqlLineItemSchema = z.object({
  id: z.string().min(1),
  sku: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  title: z.string().nullable().optional(),
  quantity: z.number().int(),
  originalUnitPriceSet: money,
  originalTotalSet: money.optional(),
  discountedTotalSet: money.optional(),
  taxLines: z.array(z.object({ priceSet: money })).optional(),
});
export const gqlOrderSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  processedAt: z.string().nullable().optional(),
  cancelledAt: z.string().nullable().optional(),
  currencyCode: z.string(),
  displayFinancialStatus: z.string().nullable().optional(),
  displayFulfillmentStatus: z.string().nullable().optional(),
  totalPriceSet: money,
  subtotalPriceSet: money.nullable().optional(),
  totalTaxSet: money.nullable().optional(),
  totalDiscountsSet: money.nullable().optional(),
  totalShippingPriceSet: money.nullable().optional(),
  lineItems: z.object({ pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }), nodes: z.array(z.unknown()) }),
  refunds: z
    .array(
      z.object({
        id: z.string(),
        createdAt: z.string(),
        totalRefundedSet: money,
        refundLineItems: z.object({ nodes: z.array(z.object({ quantity: z.number().int(), lineItem: z.object({ sku: z.string().nullable().optional() }).nullable(), subtotalSet: money.nullable().optional() })) }),
      }),
    )
    .optional(),
});
export type GqlOrder = z.infer<typeof gqlOrderSchema>;

/** Parses with `schema` or throws MALFORMED_RESPONSE naming the first bad path. */
export function parseShopify<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConnectorError('MALFORMED_RESPONSE', `${what}: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? 'invalid'}`, { integration: 'shopify' });
  }
  return result.data;
}

function statusCategory(cancelled: boolean, financial: string | null | undefined, fulfillment: string | null | undefined): NormalisedOrder['statusCategory'] {
  if (cancelled) return 'cancelled';
  const f = (fulfillment ?? '').toUpperCase();
  if (f === 'FULFILLED') return 'shipped';
  const fin = (financial ?? '').toUpperCase();
  if (fin === 'PENDING' || fin === 'AUTHORIZED' || fin === 'EXPIRED') return 'pending';
  return 'open';
}

const dec = (value: unknown, field: string) => toDecimalString(value, field, 'shopify');
const optDec = (value: unknown, field: string) => toOptionalDecimalString(value, field, 'shopify');

/** Maps an Admin GraphQL order (B.3 query) with all its line items to the normalised order. */
export function mapGraphqlOrder(order: GqlOrder, lineNodes: unknown[], store: ShopifyStoreContext): NormalisedOrder {
  const lines: NormalisedOrderLine[] = lineNodes.map((node) => {
    const line = parseShopify(gqlLineItemSchema, node, `line item of ${order.id}`);
    const lineTotal = line.originalTotalSet ? dec(line.originalTotalSet.shopMoney.amount, 'originalTotalSet') : null;
    const discounted = line.discountedTotalSet ? dec(line.discountedTotalSet.shopMoney.amount, 'discountedTotalSet') : null;
    return {
      sourceLineId: line.id,
      sku: line.sku ?? null,
      title: line.name ?? line.title ?? null,
      quantity: String(line.quantity),
      unitPrice: dec(line.originalUnitPriceSet.shopMoney.amount, 'originalUnitPriceSet'),
      lineTotal,
      tax: line.taxLines ? addDecimals(...line.taxLines.map((t) => dec(t.priceSet.shopMoney.amount, 'taxLines.priceSet'))) : null,
      discount: lineTotal !== null && discounted !== null ? subtractDecimals(lineTotal, discounted) : null,
    };
  });
  const refunds: NormalisedRefund[] = (order.refunds ?? []).map((refund) => ({
    sourceId: refund.id,
    refundedAt: toUtcIso(refund.createdAt, 'refunds.createdAt', 'shopify'),
    amount: dec(refund.totalRefundedSet.shopMoney.amount, 'refunds.totalRefundedSet'),
    lines: refund.refundLineItems.nodes.map((r) => ({
      sku: r.lineItem?.sku ?? null,
      quantity: String(r.quantity),
      amount: r.subtotalSet ? dec(r.subtotalSet.shopMoney.amount, 'refundLineItems.subtotalSet') : null,
    })),
  }));
  const shipping = optDec(order.totalShippingPriceSet?.shopMoney.amount, 'totalShippingPriceSet');
  return {
    source: 'shopify',
    account: store.shopDomain,
    sourceId: order.id,
    orderNumber: order.name,
    channel: store.channel,
    region: store.region,
    status: order.displayFinancialStatus ?? 'UNKNOWN',
    statusCategory: statusCategory(Boolean(order.cancelledAt), order.displayFinancialStatus, order.displayFulfillmentStatus),
    currency: order.currencyCode,
    placedAt: toUtcIso(order.processedAt ?? order.createdAt, 'processedAt', 'shopify'),
    updatedAt: toUtcIso(order.updatedAt, 'updatedAt', 'shopify'),
    total: dec(order.totalPriceSet.shopMoney.amount, 'totalPriceSet'),
    subtotal: optDec(order.subtotalPriceSet?.shopMoney.amount, 'subtotalPriceSet'),
    taxTotal: optDec(order.totalTaxSet?.shopMoney.amount, 'totalTaxSet'),
    discountTotal: optDec(order.totalDiscountsSet?.shopMoney.amount, 'totalDiscountsSet'),
    lines,
    fees: shipping !== null && shipping !== '0' ? [{ type: 'shipping', amount: shipping }] : [],
    refunds,
  };
}

const restMoneyString = z.union([z.string(), z.number()]);
const webhookOrderSchema = z.object({
  id: z.number(),
  admin_graphql_api_id: z.string().optional(),
  name: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  processed_at: z.string().nullable().optional(),
  cancelled_at: z.string().nullable().optional(),
  currency: z.string(),
  financial_status: z.string().nullable().optional(),
  fulfillment_status: z.string().nullable().optional(),
  subtotal_price: restMoneyString.optional(),
  total_discounts: restMoneyString.optional(),
  total_tax: restMoneyString.optional(),
  total_price: restMoneyString,
  total_shipping_price_set: z.object({ shop_money: z.object({ amount: restMoneyString }) }).optional(),
  line_items: z.array(
    z.object({
      id: z.number(),
      admin_graphql_api_id: z.string().optional(),
      sku: z.string().nullable().optional(),
      name: z.string().nullable().optional(),
      quantity: z.number().int(),
      price: restMoneyString,
      total_discount: restMoneyString.optional(),
      tax_lines: z.array(z.object({ price: restMoneyString })).optional(),
    }),
  ),
  refunds: z
    .array(
      z.object({
        id: z.number(),
        admin_graphql_api_id: z.string().optional(),
        created_at: z.string(),
        refund_line_items: z.array(z.object({ quantity: z.number().int(), subtotal: restMoneyString.optional(), line_item: z.object({ sku: z.string().nullable().optional() }).optional() })),
        transactions: z.array(z.object({ kind: z.string(), status: z.string().optional(), amount: restMoneyString })).optional(),
      }),
    )
    .optional(),
});

/**
 * Maps an `orders/create` / `orders/updated` webhook body (REST Order JSON, B.7) to the same
 * normalised order the GraphQL sync produces, so a webhook and a later poll upsert identical rows.
 */
export function mapWebhookOrder(payload: unknown, store: ShopifyStoreContext): NormalisedOrder {
  const order = parseShopify(webhookOrderSchema, payload, 'orders webhook');
  const lines: NormalisedOrderLine[] = order.line_items.map((line) => {
    const unitPrice = dec(line.price, 'line_items.price');
    const lineTotal = multiplyDecimals(unitPrice, String(line.quantity));
    return {
      sourceLineId: line.admin_graphql_api_id ?? `gid://shopify/LineItem/${line.id}`,
      sku: line.sku ?? null,
      title: line.name ?? null,
      quantity: String(line.quantity),
      unitPrice,
      lineTotal,
      tax: line.tax_lines ? addDecimals(...line.tax_lines.map((t) => dec(t.price, 'tax_lines.price'))) : null,
      discount: optDec(line.total_discount, 'line_items.total_discount'),
    };
  });
  const refunds: NormalisedRefund[] = (order.refunds ?? []).map((refund) => ({
    sourceId: refund.admin_graphql_api_id ?? `gid://shopify/Refund/${refund.id}`,
    refundedAt: toUtcIso(refund.created_at, 'refunds.created_at', 'shopify'),
    amount: addDecimals(...(refund.transactions ?? []).filter((t) => t.kind === 'refund' && (t.status ?? 'success') === 'success').map((t) => dec(t.amount, 'transactions.amount'))),
    lines: refund.refund_line_items.map((r) => ({ sku: r.line_item?.sku ?? null, quantity: String(r.quantity), amount: optDec(r.subtotal, 'refund_line_items.subtotal') })),
  }));
  const shipping = optDec(order.total_shipping_price_set?.shop_money.amount, 'total_shipping_price_set');
  const financial = order.financial_status?.toUpperCase() ?? null;
  return {
    source: 'shopify',
    account: store.shopDomain,
    sourceId: order.admin_graphql_api_id ?? `gid://shopify/Order/${order.id}`,
    orderNumber: order.name,
    channel: store.channel,
    region: store.region,
    status: financial ?? 'UNKNOWN',
    statusCategory: statusCategory(Boolean(order.cancelled_at), financial, order.fulfillment_status === 'fulfilled' ? 'FULFILLED' : order.fulfillment_status),
    currency: order.currency,
    placedAt: toUtcIso(order.processed_at ?? order.created_at, 'processed_at', 'shopify'),
    updatedAt: toUtcIso(order.updated_at, 'updated_at', 'shopify'),
    total: dec(order.total_price, 'total_price'),
    subtotal: optDec(order.subtotal_price, 'subtotal_price'),
    taxTotal: optDec(order.total_tax, 'total_tax'),
    discountTotal: optDec(order.total_discounts, 'total_discounts'),
    lines,
    fees: shipping !== null && shipping !== '0' ? [{ type: 'shipping', amount: shipping }] : [],
    refunds,
  };
}

export const gqlInventoryItemSchema = z.object({
  id: z.string(),
  sku: z.string().nullable().optional(),
  tracked: z.boolean().optional(),
  inventoryLevels: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        updatedAt: z.string().nullable().optional(),
        location: z.object({ id: z.string(), name: z.string() }),
        quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
      }),
    ),
  }),
});

/** One normalised level per (inventory item, location) from the B.4 query. */
export function mapInventoryItem(raw: unknown, store: ShopifyStoreContext): NormalisedInventoryLevel[] {
  const item = parseShopify(gqlInventoryItemSchema, raw, 'inventory item');
  return item.inventoryLevels.nodes.map((level) => {
    const q = (name: string) => String(level.quantities.find((x) => x.name === name)?.quantity ?? 0);
    return {
      source: 'shopify',
      account: store.shopDomain,
      sourceId: level.id,
      sku: item.sku ?? null,
      locationId: level.location.id,
      locationName: level.location.name,
      region: store.region,
      onHand: q('on_hand'),
      available: q('available'),
      reserved: q('committed'),
      inbound: q('incoming'),
      unfulfillable: q('damaged'),
      averageCost: null,
      updatedAt: toOptionalUtcIso(level.updatedAt, 'inventoryLevels.updatedAt', 'shopify'),
    };
  });
}

const webhookInventoryLevelSchema = z.object({
  inventory_item_id: z.number(),
  location_id: z.number(),
  available: z.number().int().nullable(),
  updated_at: z.string(),
});

/**
 * `inventory_levels/update` carries only `available` (B.7): the result says which level changed and
 * its new available count; other quantities need a GraphQL read.
 */
export function mapWebhookInventoryLevel(payload: unknown): { sourceId: string; inventoryItemId: string; locationId: string; available: string | null; updatedAt: string } {
  const level = parseShopify(webhookInventoryLevelSchema, payload, 'inventory_levels webhook');
  return {
    sourceId: `gid://shopify/InventoryLevel/${level.location_id}?inventory_item_id=${level.inventory_item_id}`,
    inventoryItemId: `gid://shopify/InventoryItem/${level.inventory_item_id}`,
    locationId: `gid://shopify/Location/${level.location_id}`,
    available: level.available === null ? null : String(level.available),
    updatedAt: toUtcIso(level.updated_at, 'updated_at', 'shopify'),
  };
}
