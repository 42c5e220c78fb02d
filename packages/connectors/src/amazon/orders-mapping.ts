import { z } from 'zod';
import type { NormalisedFee, NormalisedOrder, NormalisedOrderLine } from '@sentia/contracts/integrations';
import { ConnectorError } from '../shared/connector-error.ts';
import { addDecimals, divideDecimals, multiplyDecimals, toDecimalString, toOptionalDecimalString, toUtcIso } from '../shared/decimal.ts';
import { marketplaceById } from './amazon-config.ts';

/**
 * Everything that differs between Orders API v0 and v2026-01-01 lives here: paths, query names,
 * page envelopes, item retrieval and field mapping. Amazon removes v0 on 27 March 2027; migrating
 * is switching `ordersApiVersion` in the connection config (the sandbox serves both).
 */
export type OrdersApiVersion = 'v0' | '2026-01-01';

export interface OrdersSearchInput {
  marketplaceIds: string[];
  lastUpdatedAfter: string;
  pageToken: string | null;
  maxResultsPerPage: number;
}

export interface OrdersApiAdapter {
  version: OrdersApiVersion;
  /** Usage-plan operation name of the search call. */
  searchOperation: 'getOrders' | 'searchOrders';
  searchPath: string;
  searchQuery(input: OrdersSearchInput): Record<string, string>;
  parseSearchPage(body: unknown): { orders: unknown[]; nextToken: string | null };
  /** v0 needs one getOrderItems call per order; v2026 returns items inline. */
  itemsInline: boolean;
  /** Path of the single-order read (used after an ORDER_CHANGE notification). */
  getOrderPath(orderId: string): string;
  /** The order object inside a getOrder response. */
  parseGetOrder(body: unknown): unknown;
  orderIdOf(order: unknown): string;
  toNormalised(order: unknown, items: unknown[] | null, account: string): NormalisedOrder;
}

const moneyV0 = z.object({ CurrencyCode: z.string(), Amount: z.string() });
const orderV0Schema = z.object({
  AmazonOrderId: z.string().min(1),
  SellerOrderId: z.string().optional(),
  PurchaseDate: z.string(),
  LastUpdateDate: z.string(),
  OrderStatus: z.string(),
  MarketplaceId: z.string(),
  OrderTotal: moneyV0.optional(),
});
export const orderItemV0Schema = z.object({
  ASIN: z.string(),
  OrderItemId: z.string().min(1),
  SellerSKU: z.string().optional(),
  Title: z.string().optional(),
  QuantityOrdered: z.number().int().nonnegative(),
  ItemPrice: moneyV0.optional(),
  ItemTax: moneyV0.optional(),
  ShippingPrice: moneyV0.optional(),
  ShippingTax: moneyV0.optional(),
  ShippingDiscount: moneyV0.optional(),
  PromotionDiscount: moneyV0.optional(),
});
const ordersPageV0Schema = z.object({
  payload: z.object({ Orders: z.array(z.unknown()), NextToken: z.string().optional() }),
});

const moneyV26 = z.object({ amount: z.string(), currencyCode: z.string() });
const orderV26Schema = z.object({
  orderId: z.string().min(1),
  createdTime: z.string(),
  lastUpdatedTime: z.string(),
  salesChannel: z.object({ marketplaceId: z.string() }),
  fulfillment: z.object({ fulfillmentStatus: z.string() }).optional(),
  proceeds: z.object({ grandTotal: moneyV26.optional() }).optional(),
  orderItems: z.array(
    z.object({
      orderItemId: z.string().min(1),
      quantityOrdered: z.number().int().nonnegative(),
      product: z.object({
        asin: z.string().optional(),
        sellerSku: z.string().optional(),
        title: z.string().optional(),
        price: z.object({ unitPrice: moneyV26.optional() }).optional(),
      }),
      proceeds: z.object({ proceedsTotal: moneyV26.optional() }).optional(),
    }),
  ),
});
const ordersPageV26Schema = z.object({
  orders: z.array(z.unknown()),
  pagination: z.object({ nextToken: z.string().optional() }).optional(),
});

/** Parses with `schema` or throws MALFORMED_RESPONSE naming the first bad path. */
export function parseAmazon<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConnectorError('MALFORMED_RESPONSE', `${what}: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? 'invalid'}`, { integration: 'amazon' });
  }
  return result.data;
}

const statusCategoryV0: Record<string, NormalisedOrder['statusCategory']> = {
  PendingAvailability: 'pending',
  Pending: 'pending',
  Unshipped: 'open',
  PartiallyShipped: 'open',
  Shipped: 'shipped',
  InvoiceUnconfirmed: 'shipped',
  Canceled: 'cancelled',
  Unfulfillable: 'cancelled',
};
const statusCategoryV26: Record<string, NormalisedOrder['statusCategory']> = {
  PENDING_AVAILABILITY: 'pending',
  PENDING: 'pending',
  UNSHIPPED: 'open',
  PARTIALLY_SHIPPED: 'open',
  SHIPPED: 'shipped',
  CANCELLED: 'cancelled',
  UNFULFILLABLE: 'cancelled',
};

function marketplaceOf(marketplaceId: string, orderId: string) {
  const marketplace = marketplaceById(marketplaceId);
  if (!marketplace) {
    throw new ConnectorError('MALFORMED_RESPONSE', `order ${orderId} is in unknown marketplace ${marketplaceId}`, { integration: 'amazon' });
  }
  return marketplace;
}

const amount = (money: { Amount: string } | undefined, field: string) => (money ? toDecimalString(money.Amount, field, 'amazon') : null);

export const ordersV0Adapter: OrdersApiAdapter = {
  version: 'v0',
  searchOperation: 'getOrders',
  searchPath: '/orders/v0/orders',
  itemsInline: false,
  getOrderPath: (orderId) => `/orders/v0/orders/${encodeURIComponent(orderId)}`,
  parseGetOrder: (body) => parseAmazon(z.object({ payload: z.unknown() }), body, 'getOrder response').payload,
  searchQuery(input) {
    const query: Record<string, string> = { MarketplaceIds: input.marketplaceIds.join(',') };
    if (input.pageToken) {
      query.NextToken = input.pageToken;
    } else {
      query.LastUpdatedAfter = input.lastUpdatedAfter;
      query.MaxResultsPerPage = String(input.maxResultsPerPage);
    }
    return query;
  },
  parseSearchPage(body) {
    const page = parseAmazon(ordersPageV0Schema, body, 'getOrders response');
    return { orders: page.payload.Orders, nextToken: page.payload.NextToken || null };
  },
  orderIdOf: (order) => parseAmazon(orderV0Schema, order, 'Order').AmazonOrderId,
  toNormalised(rawOrder, rawItems, account) {
    const order = parseAmazon(orderV0Schema, rawOrder, 'Order');
    const items = (rawItems ?? []).map((item) => parseAmazon(orderItemV0Schema, item, `OrderItem of ${order.AmazonOrderId}`));
    const marketplace = marketplaceOf(order.MarketplaceId, order.AmazonOrderId);
    const fees = new Map<string, string>();
    const addFee = (type: string, value: string | null) => {
      if (value !== null) fees.set(type, addDecimals(fees.get(type), value));
    };
    const lines: NormalisedOrderLine[] = items.map((item) => {
      // ItemPrice is price × quantity for the line, not a unit price (A.6).
      const lineTotal = amount(item.ItemPrice, 'ItemPrice.Amount');
      addFee('shipping', amount(item.ShippingPrice, 'ShippingPrice.Amount'));
      addFee('shipping_tax', amount(item.ShippingTax, 'ShippingTax.Amount'));
      addFee('shipping_discount', amount(item.ShippingDiscount, 'ShippingDiscount.Amount'));
      return {
        sourceLineId: item.OrderItemId,
        sku: item.SellerSKU ?? null,
        title: item.Title ?? null,
        quantity: String(item.QuantityOrdered),
        unitPrice: lineTotal !== null && item.QuantityOrdered > 0 ? divideDecimals(lineTotal, String(item.QuantityOrdered)) : null,
        lineTotal,
        tax: amount(item.ItemTax, 'ItemTax.Amount'),
        discount: amount(item.PromotionDiscount, 'PromotionDiscount.Amount'),
      };
    });
    const priced = lines.some((l) => l.lineTotal !== null);
    const feeList: NormalisedFee[] = [...fees].map(([type, value]) => ({ type, amount: value }));
    return {
      source: 'amazon',
      account,
      sourceId: order.AmazonOrderId,
      orderNumber: order.SellerOrderId ?? order.AmazonOrderId,
      channel: marketplace.channel,
      region: marketplace.region,
      status: order.OrderStatus,
      statusCategory: statusCategoryV0[order.OrderStatus] ?? 'open',
      currency: order.OrderTotal?.CurrencyCode ?? items.find((i) => i.ItemPrice)?.ItemPrice?.CurrencyCode ?? marketplace.currency,
      placedAt: toUtcIso(order.PurchaseDate, 'PurchaseDate', 'amazon'),
      updatedAt: toUtcIso(order.LastUpdateDate, 'LastUpdateDate', 'amazon'),
      total: amount(order.OrderTotal, 'OrderTotal.Amount'),
      subtotal: priced ? addDecimals(...lines.map((l) => l.lineTotal)) : null,
      taxTotal: priced ? addDecimals(...lines.map((l) => l.tax), fees.get('shipping_tax')) : null,
      discountTotal: priced ? addDecimals(...lines.map((l) => l.discount), fees.get('shipping_discount')) : null,
      lines,
      fees: feeList,
      // Amazon refunds are reported by the Finances API, outside this connector's scope.
      refunds: [],
    };
  },
};

export const ordersV2026Adapter: OrdersApiAdapter = {
  version: '2026-01-01',
  searchOperation: 'searchOrders',
  searchPath: '/orders/2026-01-01/orders',
  itemsInline: true,
  getOrderPath: (orderId) => `/orders/2026-01-01/orders/${encodeURIComponent(orderId)}`,
  // The v2026 getOrder envelope is not in the reference: accept `{ order }` or the bare order.
  parseGetOrder: (body) => (body !== null && typeof body === 'object' && 'order' in body ? (body as { order: unknown }).order : body),
  searchQuery(input) {
    const query: Record<string, string> = {
      marketplaceIds: input.marketplaceIds.join(','),
      lastUpdatedAfter: input.lastUpdatedAfter,
      maxResultsPerPage: String(input.maxResultsPerPage),
      includedData: 'PROCEEDS',
    };
    if (input.pageToken) query.paginationToken = input.pageToken;
    return query;
  },
  parseSearchPage(body) {
    const page = parseAmazon(ordersPageV26Schema, body, 'searchOrders response');
    return { orders: page.orders, nextToken: page.pagination?.nextToken || null };
  },
  orderIdOf: (order) => parseAmazon(orderV26Schema, order, 'Order').orderId,
  toNormalised(rawOrder, _items, account) {
    const order = parseAmazon(orderV26Schema, rawOrder, 'Order');
    const marketplace = marketplaceOf(order.salesChannel.marketplaceId, order.orderId);
    const lines: NormalisedOrderLine[] = order.orderItems.map((item) => {
      const unitPrice = toOptionalDecimalString(item.product.price?.unitPrice?.amount, 'product.price.unitPrice.amount', 'amazon');
      return {
        sourceLineId: item.orderItemId,
        sku: item.product.sellerSku ?? null,
        title: item.product.title ?? null,
        quantity: String(item.quantityOrdered),
        unitPrice,
        lineTotal: unitPrice === null ? null : multiplyDecimals(unitPrice, String(item.quantityOrdered)),
        tax: null,
        discount: null,
      };
    });
    const status = order.fulfillment?.fulfillmentStatus ?? 'PENDING';
    const grandTotal = order.proceeds?.grandTotal;
    const priced = lines.some((l) => l.lineTotal !== null);
    return {
      source: 'amazon',
      account,
      sourceId: order.orderId,
      orderNumber: order.orderId,
      channel: marketplace.channel,
      region: marketplace.region,
      status,
      statusCategory: statusCategoryV26[status] ?? 'open',
      currency: grandTotal?.currencyCode ?? order.orderItems.find((i) => i.product.price?.unitPrice)?.product.price?.unitPrice?.currencyCode ?? marketplace.currency,
      placedAt: toUtcIso(order.createdTime, 'createdTime', 'amazon'),
      updatedAt: toUtcIso(order.lastUpdatedTime, 'lastUpdatedTime', 'amazon'),
      total: grandTotal ? toDecimalString(grandTotal.amount, 'proceeds.grandTotal.amount', 'amazon') : null,
      subtotal: priced ? addDecimals(...lines.map((l) => l.lineTotal)) : null,
      taxTotal: null,
      discountTotal: null,
      lines,
      fees: [],
      refunds: [],
    };
  },
};

export function ordersAdapterFor(version: OrdersApiVersion): OrdersApiAdapter {
  return version === 'v0' ? ordersV0Adapter : ordersV2026Adapter;
}
