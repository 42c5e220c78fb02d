import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { type Clock, systemClock } from '../shared/clock.ts';
import { signShopifyWebhook } from '../shopify/verify-shopify-webhook.ts';
import { estimateInventoryItemQueryCost, estimateInventoryQueryCost, estimateOrderLineItemsQueryCost, estimateOrdersQueryCost, maxSingleQueryCost } from '../shopify/shopify-queries.ts';
import { type SandboxFault, createSandboxFaults } from './sandbox-faults.ts';
import { type SandboxHandle, type SandboxReply, type SandboxRequest, type StartSandboxOptions, decodePageToken, encodePageToken, seededRandom, startSandboxServer } from './sandbox-http.ts';
import { sandboxSkus } from './sandbox-catalogue.ts';

export interface ShopifySandboxLine {
  id: number;
  sku: string | null;
  title: string;
  quantity: number;
  /** Decimal strings in the shop currency. */
  unitPrice: string;
  discount: string;
  tax: string;
  inventoryItemId: number | null;
}

export interface ShopifySandboxRefund {
  id: number;
  createdAt: string;
  lines: { lineId: number; quantity: number; subtotal: string; tax: string }[];
}

export interface ShopifySandboxOrder {
  id: number;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  financialStatus: 'PENDING' | 'AUTHORIZED' | 'PAID' | 'PARTIALLY_REFUNDED' | 'REFUNDED' | 'VOIDED';
  fulfillmentStatus: 'UNFULFILLED' | 'FULFILLED' | 'PARTIALLY_FULFILLED';
  shipping: string;
  taxesIncluded: boolean;
  lines: ShopifySandboxLine[];
  refunds: ShopifySandboxRefund[];
}

export interface ShopifySandboxInventoryItem {
  id: number;
  sku: string;
  levels: { locationId: number; available: number; committed: number; incoming: number; damaged: number; updatedAt: string }[];
}

export interface ShopifySandboxStore {
  shopDomain: string;
  accessToken: string;
  webhookSecret: string;
  currency: string;
  orders: ShopifySandboxOrder[];
  locations: { id: number; name: string }[];
  inventoryItems: ShopifySandboxInventoryItem[];
}

export interface ShopifySandboxOptions extends StartSandboxOptions {
  stores: ShopifySandboxStore[];
  /** GraphQL bucket size and restore rate per store (default 1000 / 50, the SDK fixtures). */
  bucketSize?: number;
  restoreRate?: number;
  /** Versions served; a request for another falls forward to the oldest (X-Shopify-API-Version). */
  supportedVersions?: string[];
  clock?: Clock;
  /** Waits between webhook delivery retries (default Shopify-like 8 retries, here 3 quick ones). */
  webhookRetryDelaysMs?: number[];
}

export interface WebhookDelivery {
  eventId: string;
  webhookId: string;
  topic: string;
  shopDomain: string;
  body: string;
  headers: Record<string, string>;
  /** Status of each attempt, in order. */
  attempts: number[];
}

export interface EmitWebhookInput {
  shopDomain: string;
  topic: 'orders/create' | 'orders/updated' | 'refunds/create' | 'inventory_levels/update' | 'app/uninstalled';
  /** Callback URL to POST to. */
  url: string;
  /** Order (orders/* and refunds/create) or inventory item (inventory_levels/update) id. */
  resourceId: number;
  /** Reuse an event id to send a deliberate duplicate. */
  eventId?: string;
  /**
   * Sign every attempt with a wrong secret (forgery test). A queued `bad-signature` fault with
   * `pathIncludes: 'webhook'` forges just the next attempt (the retry is signed correctly).
   */
  badSignature?: boolean;
}

export interface ShopifySandbox extends SandboxHandle {
  /** `baseUrl` to give a store's connector config. */
  baseUrlFor(shopDomain: string): string;
  /** Sends one signed webhook delivery (retrying on non-2xx) and reports what happened. */
  emitWebhook(input: EmitWebhookInput): Promise<WebhookDelivery>;
  /** Re-sends a previous delivery unchanged (same body, HMAC, ids): a replay. */
  replayWebhook(delivery: WebhookDelivery, url: string): Promise<number>;
  /** Adds or replaces an order (touching updatedAt is the caller's business). */
  upsertOrder(shopDomain: string, order: ShopifySandboxOrder): void;
  /** The store's REST JSON for an order (what webhooks carry). */
  restOrder(shopDomain: string, orderId: number): Record<string, unknown>;
  /**
   * Creates a new paid order placed now (sandbox clock) in a shop and, given `webhookUrl`, sends
   * its signed `orders/create` webhook — what keeps the demo's dashboards moving.
   */
  createLiveOrder(shopDomain: string, input?: { webhookUrl?: string }): Promise<{ order: ShopifySandboxOrder; delivery: WebhookDelivery | null }>;
  /** Current GraphQL bucket level of a store. */
  bucketLevel(shopDomain: string): number;
}

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;
const money = (amount: string, currency: string) => ({ shopMoney: { amount, currencyCode: currency } });
const restMoney = (amount: string, currency: string) => ({ shop_money: { amount, currency_code: currency }, presentment_money: { amount, currency_code: currency } });

function orderTotals(order: ShopifySandboxOrder) {
  let subtotal = new Decimal(0);
  let discounts = new Decimal(0);
  let tax = new Decimal(0);
  for (const line of order.lines) {
    subtotal = subtotal.plus(new Decimal(line.unitPrice).times(line.quantity));
    discounts = discounts.plus(line.discount);
    tax = tax.plus(line.tax);
  }
  const afterDiscount = subtotal.minus(discounts);
  const total = afterDiscount.plus(order.shipping).plus(order.taxesIncluded ? 0 : tax);
  let refunded = new Decimal(0);
  for (const refund of order.refunds) for (const line of refund.lines) refunded = refunded.plus(line.subtotal).plus(line.tax);
  return { subtotal: afterDiscount.toFixed(2), discounts: discounts.toFixed(2), tax: tax.toFixed(2), total: total.toFixed(2), refunded: refunded.toFixed(2) };
}

/**
 * Local Shopify Admin API (reference B.1–B.8) for several shops: path-routed
 * `/{shop}/admin/api/{version}/graphql.json` (or Host-routed), per-shop tokens (401), a small
 * GraphQL executor for the connector's documents (orders with line items and refunds, order line
 * items, locations + inventory items/levels) with opaque cursors and `updated_at` search, a per-shop
 * cost bucket with `extensions.cost`, THROTTLED (HTTP 200) and MAX_COST_EXCEEDED, and a webhook
 * emitter signing REST payloads with the shop's secret.
 */
export async function startShopifySandbox(options: ShopifySandboxOptions): Promise<ShopifySandbox> {
  const clock = options.clock ?? systemClock;
  const versions = options.supportedVersions ?? ['2025-01', '2025-04', '2025-07', '2025-10', '2026-01'];
  const bucketSize = options.bucketSize ?? 1000;
  const restoreRate = options.restoreRate ?? 50;
  const stores = new Map(options.stores.map((s) => [s.shopDomain.toLowerCase(), s]));
  const buckets = new Map<string, { level: number; at: number }>();
  const faults = createSandboxFaults();

  const levelOf = (shop: string) => {
    const b = buckets.get(shop) ?? { level: bucketSize, at: clock.now() };
    b.level = Math.min(bucketSize, b.level + ((clock.now() - b.at) / 1000) * restoreRate);
    b.at = clock.now();
    buckets.set(shop, b);
    return b;
  };

  const answerFault = (fault: SandboxFault): SandboxReply | undefined => {
    switch (fault.kind) {
      case 'rate-limit':
        return { status: 429, headers: { 'retry-after': String(fault.retryAfterSeconds ?? 2.0) }, body: { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' } };
      case 'server-error':
        return { status: fault.status ?? 500, body: { errors: 'Internal Server Error' } };
      case 'malformed':
        return { status: 200, body: '{"data": {"orders": {"nodes": [{"id": "gid://shop' };
      case 'bad-signature':
        return { status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } };
      default:
        return undefined;
    }
  };

  function renderLine(line: ShopifySandboxLine, currency: string) {
    const total = new Decimal(line.unitPrice).times(line.quantity);
    return {
      id: gid('LineItem', line.id),
      sku: line.sku,
      name: line.title,
      title: line.title,
      quantity: line.quantity,
      currentQuantity: line.quantity,
      originalUnitPriceSet: money(line.unitPrice, currency),
      discountedUnitPriceSet: money(total.minus(line.discount).dividedBy(line.quantity).toFixed(2), currency),
      originalTotalSet: money(total.toFixed(2), currency),
      discountedTotalSet: money(total.minus(line.discount).toFixed(2), currency),
      taxLines: [{ priceSet: money(line.tax, currency) }],
      variant: line.inventoryItemId === null ? null : { id: gid('ProductVariant', line.inventoryItemId + 1), sku: line.sku, inventoryItem: { id: gid('InventoryItem', line.inventoryItemId) } },
    };
  }

  function renderOrder(order: ShopifySandboxOrder, store: ShopifySandboxStore, linesFirst: number, refundLinesFirst: number) {
    const t = orderTotals(order);
    const c = store.currency;
    const lines = order.lines.slice(0, linesFirst);
    return {
      id: gid('Order', order.id),
      name: order.name,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
      processedAt: order.createdAt,
      cancelledAt: order.cancelledAt,
      test: false,
      currencyCode: c,
      presentmentCurrencyCode: c,
      displayFinancialStatus: order.financialStatus,
      displayFulfillmentStatus: order.fulfillmentStatus,
      totalPriceSet: money(t.total, c),
      subtotalPriceSet: money(t.subtotal, c),
      totalTaxSet: money(t.tax, c),
      totalDiscountsSet: money(t.discounts, c),
      totalShippingPriceSet: money(order.shipping, c),
      totalRefundedSet: money(t.refunded, c),
      lineItems: {
        pageInfo: { hasNextPage: order.lines.length > linesFirst, endCursor: lines.length ? encodePageToken({ offset: lines.length }) : null },
        nodes: lines.map((l) => renderLine(l, c)),
      },
      refunds: order.refunds.map((r) => ({
        id: gid('Refund', r.id),
        createdAt: r.createdAt,
        totalRefundedSet: money(r.lines.reduce((s, l) => s.plus(l.subtotal).plus(l.tax), new Decimal(0)).toFixed(2), c),
        refundLineItems: {
          nodes: r.lines.slice(0, refundLinesFirst).map((l) => ({ quantity: l.quantity, lineItem: { sku: order.lines.find((x) => x.id === l.lineId)?.sku ?? null }, subtotalSet: money(l.subtotal, c) })),
        },
      })),
    };
  }

  function restOrder(store: ShopifySandboxStore, order: ShopifySandboxOrder): Record<string, unknown> {
    const t = orderTotals(order);
    const c = store.currency;
    return {
      id: order.id,
      admin_graphql_api_id: gid('Order', order.id),
      name: order.name,
      order_number: Number(order.name.replace(/\D/g, '')),
      created_at: order.createdAt,
      updated_at: order.updatedAt,
      processed_at: order.createdAt,
      cancelled_at: order.cancelledAt,
      test: false,
      currency: c,
      presentment_currency: c,
      financial_status: order.financialStatus.toLowerCase(),
      fulfillment_status: order.fulfillmentStatus === 'FULFILLED' ? 'fulfilled' : order.fulfillmentStatus === 'PARTIALLY_FULFILLED' ? 'partial' : null,
      subtotal_price: t.subtotal,
      total_discounts: t.discounts,
      total_tax: t.tax,
      total_price: t.total,
      taxes_included: order.taxesIncluded,
      total_price_set: restMoney(t.total, c),
      total_tax_set: restMoney(t.tax, c),
      total_shipping_price_set: restMoney(order.shipping, c),
      line_items: order.lines.map((l) => ({
        id: l.id,
        admin_graphql_api_id: gid('LineItem', l.id),
        sku: l.sku,
        name: l.title,
        title: l.title,
        quantity: l.quantity,
        current_quantity: l.quantity,
        price: l.unitPrice,
        price_set: restMoney(l.unitPrice, c),
        total_discount: l.discount,
        tax_lines: [{ title: 'VAT', rate: 0.2, price: l.tax, price_set: restMoney(l.tax, c) }],
      })),
      refunds: order.refunds.map((r) => restRefund(store, order, r)),
    };
  }

  function restRefund(store: ShopifySandboxStore, order: ShopifySandboxOrder, r: ShopifySandboxRefund): Record<string, unknown> {
    const c = store.currency;
    const amount = r.lines.reduce((s, l) => s.plus(l.subtotal).plus(l.tax), new Decimal(0)).toFixed(2);
    return {
      id: r.id,
      admin_graphql_api_id: gid('Refund', r.id),
      order_id: order.id,
      created_at: r.createdAt,
      processed_at: r.createdAt,
      restock: true,
      refund_line_items: r.lines.map((l, i) => ({
        id: r.id * 10 + i,
        line_item_id: l.lineId,
        quantity: l.quantity,
        restock_type: 'return',
        // Numbers, as in Shopify's fixtures (B.7).
        subtotal: Number(l.subtotal),
        total_tax: Number(l.tax),
        subtotal_set: restMoney(l.subtotal, c),
        total_tax_set: restMoney(l.tax, c),
        line_item: { id: l.lineId, sku: order.lines.find((x) => x.id === l.lineId)?.sku ?? null },
      })),
      transactions: [{ id: r.id + 1, order_id: order.id, kind: 'refund', status: 'success', amount, currency: c, gateway: 'shopify_payments' }],
    };
  }

  function parseUpdatedFilter(q: unknown): { op: string; at: number } | null {
    if (typeof q !== 'string') return null;
    const m = /updated_at:(>=|>|<=|<)'?([^'\s]+)'?/.exec(q);
    if (!m || Number.isNaN(Date.parse(m[2] ?? ''))) return null;
    return { op: m[1] ?? '>=', at: Date.parse(m[2] ?? '') };
  }

  const graphqlError = (message: string, code: string, extra: Record<string, unknown> = {}) => ({ errors: [{ message, extensions: { code, ...extra } }] });

  /** An InventoryItem node as the Admin API returns it (B.4): on hand = available + committed + damaged. */
  function renderInventoryItem(store: ShopifySandboxStore, item: ShopifySandboxInventoryItem, levelsFirst: number) {
    const locationName = (id: number) => store.locations.find((l) => l.id === id)?.name ?? 'Unknown';
    return {
      id: gid('InventoryItem', item.id),
      sku: item.sku,
      tracked: true,
      inventoryLevels: {
        nodes: item.levels.slice(0, levelsFirst).map((level) => ({
          id: `gid://shopify/InventoryLevel/${level.locationId}?inventory_item_id=${item.id}`,
          updatedAt: level.updatedAt,
          location: { id: gid('Location', level.locationId), name: locationName(level.locationId) },
          quantities: [
            { name: 'available', quantity: level.available },
            { name: 'on_hand', quantity: level.available + level.committed + level.damaged },
            { name: 'committed', quantity: level.committed },
            { name: 'incoming', quantity: level.incoming },
            { name: 'damaged', quantity: level.damaged },
          ],
        })),
      },
    };
  }

  function executeGraphql(store: ShopifySandboxStore, body: { query?: unknown; variables?: Record<string, unknown> }) {
    const query = typeof body.query === 'string' ? body.query : '';
    const v = body.variables ?? {};
    const num = (name: string, fallback: number) => (typeof v[name] === 'number' ? (v[name] as number) : fallback);
    let requested: number;
    let run: () => { data: unknown; actual: number };
    if (/\borders\s*\(/.test(query)) {
      const first = num('first', 50);
      const linesFirst = num('lineItemsFirst', 50);
      const refundLinesFirst = num('refundLinesFirst', 10);
      if (first < 1 || first > 250) return { body: graphqlError('first must be between 1 and 250', 'BAD_REQUEST') };
      requested = estimateOrdersQueryCost(first, linesFirst, refundLinesFirst);
      run = () => {
        const filter = parseUpdatedFilter(v.q);
        // Parse each timestamp once: a comparator calling Date.parse dominated large syncs.
        const all = store.orders
          .map((o) => ({ o, t: Date.parse(o.updatedAt) }))
          .filter(({ t }) => {
            if (!filter) return true;
            return filter.op === '>=' ? t >= filter.at : filter.op === '>' ? t > filter.at : filter.op === '<=' ? t <= filter.at : t < filter.at;
          })
          .sort((a, b) => a.t - b.t || a.o.id - b.o.id)
          .map(({ o }) => o);
        const offset = typeof v.after === 'string' ? (decodePageToken<{ offset: number }>(v.after)?.offset ?? 0) : 0;
        const page = all.slice(offset, offset + first);
        const nodes = page.map((o) => renderOrder(o, store, linesFirst, refundLinesFirst));
        return {
          data: { orders: { pageInfo: { hasNextPage: offset + first < all.length, endCursor: page.length ? encodePageToken({ offset: offset + page.length }) : null }, nodes } },
          actual: 2 + nodes.reduce((s, n) => s + 1 + 2 + n.lineItems.nodes.length * 2 + 1 + 2 + n.refunds.length, 0),
        };
      };
    } else if (/\border\s*\(\s*id:/.test(query)) {
      const first = num('first', 100);
      requested = estimateOrderLineItemsQueryCost(first);
      run = () => {
        const id = Number(String(v.id ?? '').replace('gid://shopify/Order/', ''));
        const order = store.orders.find((o) => o.id === id);
        if (!order) return { data: { order: null }, actual: 1 };
        const offset = typeof v.after === 'string' ? (decodePageToken<{ offset: number }>(v.after)?.offset ?? 0) : 0;
        const lines = order.lines.slice(offset, offset + first);
        return {
          data: { order: { lineItems: { pageInfo: { hasNextPage: offset + first < order.lines.length, endCursor: encodePageToken({ offset: offset + lines.length }) }, nodes: lines.map((l) => renderLine(l, store.currency)) } } },
          actual: 3 + lines.length * 2,
        };
      };
    } else if (/\binventoryItem\s*\(\s*id:/.test(query)) {
      const levelsFirst = num('levelsFirst', 20);
      requested = estimateInventoryItemQueryCost(levelsFirst);
      run = () => {
        const id = Number(String(v.id ?? '').replace('gid://shopify/InventoryItem/', ''));
        const item = store.inventoryItems.find((i) => i.id === id);
        return { data: { inventoryItem: item ? renderInventoryItem(store, item, levelsFirst) : null }, actual: item ? 3 + Math.min(levelsFirst, item.levels.length) * 2 : 1 };
      };
    } else if (/\binventoryItems\s*\(/.test(query)) {
      const first = num('first', 50);
      const levelsFirst = num('levelsFirst', 20);
      if (first < 1 || first > 250) return { body: graphqlError('first must be between 1 and 250', 'BAD_REQUEST') };
      requested = estimateInventoryQueryCost(first, levelsFirst);
      run = () => {
        const items = [...store.inventoryItems].sort((a, b) => a.id - b.id);
        const offset = typeof v.after === 'string' ? (decodePageToken<{ offset: number }>(v.after)?.offset ?? 0) : 0;
        const page = items.slice(offset, offset + first);
        return {
          data: {
            locations: { nodes: store.locations.map((l) => ({ id: gid('Location', l.id), name: l.name, isActive: true })) },
            inventoryItems: {
              pageInfo: { hasNextPage: offset + first < items.length, endCursor: page.length ? encodePageToken({ offset: offset + page.length }) : null },
              nodes: page.map((item) => renderInventoryItem(store, item, levelsFirst)),
            },
          },
          actual: 2 + store.locations.length + 2 + page.reduce((s, i) => s + 3 + i.levels.length * 2, 0),
        };
      };
    } else {
      return { body: graphqlError('Field is not supported by the sandbox', 'undefinedField') };
    }
    const bucket = levelOf(store.shopDomain.toLowerCase());
    const status = () => ({ maximumAvailable: bucketSize, currentlyAvailable: Math.floor(bucket.level), restoreRate });
    if (requested > maxSingleQueryCost) {
      return { body: { ...graphqlError(`Query cost is ${requested}, which exceeds the single query max cost limit (${maxSingleQueryCost}).`, 'MAX_COST_EXCEEDED', { cost: requested, maxCost: maxSingleQueryCost }), extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: status() } } } };
    }
    if (requested > bucket.level) {
      return { body: { ...graphqlError('Throttled', 'THROTTLED', { documentation: 'https://shopify.dev/api/usage/rate-limits' }), extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: status() } } } };
    }
    const { data, actual } = run();
    bucket.level -= actual;
    return { body: { data, extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: status() } } } };
  }

  function handle(request: SandboxRequest): SandboxReply {
    const m = /^(?:\/([^/]+\.myshopify\.com))?\/admin\/api\/([^/]+)\/graphql\.json$/.exec(request.path);
    if (!m) return { status: 404, body: { errors: 'Not Found' } };
    const shop = (m[1] ?? String(request.headers.host ?? '').split(':')[0] ?? '').toLowerCase();
    const store = stores.get(shop);
    if (!store) return { status: 404, body: { errors: 'Not Found' } };
    if (request.method !== 'POST') return { status: 405, body: { errors: 'Method Not Allowed' } };
    if (request.headers['x-shopify-access-token'] !== store.accessToken) {
      return { status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } };
    }
    const version = versions.includes(m[2] ?? '') ? (m[2] as string) : (versions[0] as string);
    let body: { query?: unknown; variables?: Record<string, unknown> };
    try {
      body = JSON.parse(request.rawBody.toString('utf8')) as typeof body;
    } catch {
      return { status: 400, headers: { 'x-shopify-api-version': version }, body: { errors: { query: 'Required parameter missing or invalid' } } };
    }
    return { status: 200, headers: { 'x-shopify-api-version': version }, body: executeGraphql(store, body).body };
  }

  const server = await startSandboxServer(options, faults, answerFault, handle);
  const storeOf = (shopDomain: string) => {
    const store = stores.get(shopDomain.toLowerCase());
    if (!store) throw new Error(`sandbox has no shop ${shopDomain}`);
    return store;
  };

  async function deliver(delivery: WebhookDelivery, url: string): Promise<number> {
    try {
      const res = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  }

  const liveRandom = seededRandom(0x5e71b);
  let liveCount = 0;
  const api: ShopifySandbox = {
    ...server,
    baseUrlFor: (shopDomain) => `${server.url}/${shopDomain.toLowerCase()}`,
    async emitWebhook(input) {
      const store = storeOf(input.shopDomain);
      let payload: unknown;
      if (input.topic === 'inventory_levels/update') {
        const item = store.inventoryItems.find((i) => i.id === input.resourceId);
        const level = item?.levels[0];
        if (!item || !level) throw new Error(`no inventory item ${input.resourceId}`);
        payload = { inventory_item_id: item.id, location_id: level.locationId, available: level.available, updated_at: level.updatedAt, admin_graphql_api_id: `gid://shopify/InventoryLevel/${level.locationId}?inventory_item_id=${item.id}` };
      } else if (input.topic === 'app/uninstalled') {
        payload = { id: 1, domain: store.shopDomain };
      } else {
        const order = store.orders.find((o) => o.id === input.resourceId);
        if (!order) throw new Error(`no order ${input.resourceId}`);
        const lastRefund = order.refunds.at(-1);
        payload = input.topic === 'refunds/create' && lastRefund ? restRefund(store, order, lastRefund) : restOrder(store, order);
      }
      const body = JSON.stringify(payload);
      const eventId = input.eventId ?? randomUUID();
      const webhookId = randomUUID();
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-shopify-topic': input.topic,
        'x-shopify-hmac-sha256': signShopifyWebhook(body, input.badSignature === true ? `${store.webhookSecret}-forged` : store.webhookSecret),
        'x-shopify-shop-domain': store.shopDomain,
        'x-shopify-api-version': versions.at(-1) ?? '2025-10',
        'x-shopify-webhook-id': webhookId,
        'x-shopify-event-id': eventId,
        'x-shopify-triggered-at': new Date(clock.now()).toISOString(),
      };
      const delivery: WebhookDelivery = { eventId, webhookId, topic: input.topic, shopDomain: store.shopDomain, body, headers, attempts: [] };
      const delays = options.webhookRetryDelaysMs ?? [10, 20, 40];
      for (let attempt = 0; ; attempt += 1) {
        const forgedOnce = faults.take('webhook', false)?.kind === 'bad-signature';
        const status = await deliver(forgedOnce ? { ...delivery, headers: { ...headers, 'x-shopify-hmac-sha256': signShopifyWebhook(body, `${store.webhookSecret}-forged`) } } : delivery, input.url);
        delivery.attempts.push(status);
        if ((status >= 200 && status < 300) || attempt >= delays.length) break;
        await clock.sleep(delays[attempt] ?? 0);
      }
      return delivery;
    },
    replayWebhook: (delivery, url) => deliver(delivery, url),
    upsertOrder(shopDomain, order) {
      const store = storeOf(shopDomain);
      const i = store.orders.findIndex((o) => o.id === order.id);
      if (i === -1) store.orders.push(order);
      else store.orders[i] = order;
    },
    restOrder(shopDomain, orderId) {
      const store = storeOf(shopDomain);
      const order = store.orders.find((o) => o.id === orderId);
      if (!order) throw new Error(`no order ${orderId}`);
      return restOrder(store, order);
    },
    async createLiveOrder(shopDomain, input = {}) {
      const store = storeOf(shopDomain);
      liveCount += 1;
      const nextId = Math.max(0, ...store.orders.map((o) => o.id)) + 1;
      const nextNumber = Math.max(1000, ...store.orders.map((o) => Number(o.name.replace(/\D/g, '')) || 0)) + 1;
      const order = makeShopifySandboxOrder({ random: liveRandom, currency: store.currency as 'GBP' | 'EUR' | 'USD', id: nextId, name: `#${nextNumber}`, createdMs: clock.now(), inventoryItems: store.inventoryItems, lineIdBase: 9_000_000_000 + liveCount * 10, refundId: 0, live: true });
      store.orders.push(order);
      const delivery = input.webhookUrl ? await api.emitWebhook({ shopDomain, topic: 'orders/create', url: input.webhookUrl, resourceId: order.id }) : null;
      return { order, delivery };
    },
    bucketLevel: (shopDomain) => levelOf(shopDomain.toLowerCase()).level,
  };
  return api;
}

/**
 * One order with 1–3 catalogue lines (VAT included for GBP/EUR, 8 % sales tax added for USD), an
 * occasional 10 % discount, cancellation or partial refund. With `live` it is a fresh, paid,
 * unfulfilled order with no refund.
 */
export function makeShopifySandboxOrder(input: {
  random: () => number;
  currency: 'GBP' | 'EUR' | 'USD';
  id: number;
  name: string;
  createdMs: number;
  updatedMs?: number;
  inventoryItems: ShopifySandboxInventoryItem[];
  lineIdBase: number;
  refundId: number;
  live?: boolean;
}): ShopifySandboxOrder {
  const { random } = input;
  const vatIncluded = input.currency !== 'USD';
  const lines: ShopifySandboxLine[] = [];
  const lineCount = 1 + Math.floor(random() * 3);
  for (let l = 0; l < lineCount; l += 1) {
    const idx = Math.floor(random() * sandboxSkus.length);
    const sku = sandboxSkus[idx] ?? sandboxSkus[0];
    if (!sku) break;
    const qty = 1 + Math.floor(random() * 2);
    const price = new Decimal(sku.prices[input.currency]);
    const gross = price.times(qty);
    const discount = random() < 0.2 ? gross.times(0.1).toDecimalPlaces(2) : new Decimal(0);
    const net = gross.minus(discount);
    const tax = vatIncluded ? net.minus(net.dividedBy(1.2)).toDecimalPlaces(2) : net.times(0.08).toDecimalPlaces(2);
    lines.push({ id: input.lineIdBase + l, sku: sku.sku, title: sku.name, quantity: qty, unitPrice: price.toFixed(2), discount: discount.toFixed(2), tax: tax.toFixed(2), inventoryItemId: input.inventoryItems.find((i) => i.sku === sku.sku)?.id ?? null });
  }
  const cancelled = !input.live && random() < 0.05;
  const refunded = !input.live && !cancelled && random() < 0.1;
  const updated = input.updatedMs ?? input.createdMs;
  const firstLine = lines[0];
  const vatOf = (price: string) => (vatIncluded ? new Decimal(price).minus(new Decimal(price).dividedBy(1.2)).toDecimalPlaces(2) : new Decimal(0));
  const financial: ShopifySandboxOrder['financialStatus'] = cancelled ? 'VOIDED' : refunded ? 'PARTIALLY_REFUNDED' : !input.live && random() < 0.1 ? 'PENDING' : 'PAID';
  return {
    id: input.id,
    name: input.name,
    createdAt: new Date(input.createdMs).toISOString(),
    updatedAt: new Date(updated).toISOString(),
    cancelledAt: cancelled ? new Date(updated).toISOString() : null,
    financialStatus: financial,
    fulfillmentStatus: !input.live && random() < 0.7 ? 'FULFILLED' : 'UNFULFILLED',
    shipping: random() < 0.5 ? '0.00' : input.currency === 'USD' ? '7.99' : '4.95',
    taxesIncluded: vatIncluded,
    lines,
    refunds:
      refunded && firstLine
        ? [{ id: input.refundId, createdAt: new Date(updated).toISOString(), lines: [{ lineId: firstLine.id, quantity: 1, subtotal: new Decimal(firstLine.unitPrice).minus(vatOf(firstLine.unitPrice)).toFixed(2), tax: vatOf(firstLine.unitPrice).toFixed(2) }] }]
        : [],
  };
}

/**
 * Deterministic shop data: orders over [from, to) with 1–3 lines from the demo catalogue, VAT
 * included for GBP/EUR shops, a few refunds and cancellations, two locations and inventory levels.
 */
export function generateShopifySandboxStore(options: {
  shopDomain: string;
  currency: 'GBP' | 'EUR' | 'USD';
  accessToken?: string;
  webhookSecret?: string;
  seed?: number;
  orderCount?: number;
  from?: string;
  to?: string;
  idBase?: number;
}): ShopifySandboxStore {
  const random = seededRandom(options.seed ?? 3);
  const from = Date.parse(options.from ?? '2024-05-01T00:00:00Z');
  const to = Date.parse(options.to ?? '2024-05-31T00:00:00Z');
  const base = options.idBase ?? 5_940_000_000_000;
  const items: ShopifySandboxInventoryItem[] = sandboxSkus.map((sku, i) => ({
    id: base + 100_000 + i,
    sku: sku.sku,
    levels: [
      { locationId: base + 1, available: 50 + Math.floor(random() * 300), committed: Math.floor(random() * 8), incoming: Math.floor(random() * 60), damaged: Math.floor(random() * 2), updatedAt: new Date(to - Math.floor(random() * 86_400_000)).toISOString() },
      { locationId: base + 2, available: Math.floor(random() * 80), committed: 0, incoming: 0, damaged: 0, updatedAt: new Date(to - Math.floor(random() * 86_400_000)).toISOString() },
    ],
  }));
  const orders: ShopifySandboxOrder[] = [];
  for (let i = 0; i < (options.orderCount ?? 40); i += 1) {
    const created = from + Math.floor(random() * (to - from));
    orders.push(makeShopifySandboxOrder({ random, currency: options.currency, id: base + 1_000 + i, name: `#${1001 + i}`, createdMs: created, updatedMs: created + Math.floor(random() * 48 * 3_600_000), inventoryItems: items, lineIdBase: base + 200_000 + i * 10, refundId: base + 300_000 + i }));
  }
  return {
    shopDomain: options.shopDomain,
    accessToken: options.accessToken ?? `shpat_sandbox_${options.shopDomain.split('.')[0]}`,
    webhookSecret: options.webhookSecret ?? `shpss_sandbox_${options.shopDomain.split('.')[0]}`,
    currency: options.currency,
    orders,
    locations: [
      { id: base + 1, name: 'Distillery Warehouse' },
      { id: base + 2, name: 'Retail Shop' },
    ],
    inventoryItems: items,
  };
}
