import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { defaultSpApiUsagePlans, marketplaceByCode, marketplaceById, type SpApiOperation } from '../amazon/amazon-config.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { type TokenBucket, createTokenBucket, type RateLimitPlan } from '../shared/token-bucket.ts';
import { type SandboxFault, createSandboxFaults } from './sandbox-faults.ts';
import { type SandboxHandle, type SandboxReply, type SandboxRequest, type StartSandboxOptions, decodePageToken, encodePageToken, seededRandom, startSandboxServer } from './sandbox-http.ts';
import { sandboxSkus } from './sandbox-catalogue.ts';
import type { NotificationQueue } from '../amazon/amazon-notifications.ts';

type Json = Record<string, unknown>;

/** An order as SP-API v0 serialises it, with its items (getOrderItems shape). */
export interface AmazonSandboxOrder {
  order: Json & { AmazonOrderId: string; LastUpdateDate: string; PurchaseDate: string; MarketplaceId: string; OrderStatus: string };
  items: Json[];
}

export interface AmazonSandboxData {
  orders: AmazonSandboxOrder[];
  /** FBA inventory summaries (details=true shape) by marketplace id. */
  inventory: Record<string, (Json & { sellerSku: string; lastUpdatedTime: string })[]>;
}

export interface AmazonSandboxOptions extends StartSandboxOptions {
  data: AmazonSandboxData;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  /** LWA access-token lifetime (default 3600 s). */
  tokenTtlSeconds?: number;
  /** Token buckets per operation; default the usage-plan table (tests want faster ones). */
  usagePlans?: Partial<Record<SpApiOperation, RateLimitPlan>>;
  /** FBA summaries per page (default 50). */
  fbaPageSize?: number;
  /** FBA nextToken lifetime (default 30 s). */
  fbaNextTokenTtlMs?: number;
  /** How long a received notification stays invisible before redelivery (default 30 s, SQS's default). */
  visibilityTimeoutMs?: number;
  /** Reject calls whose user-agent lacks `Language=` (default true). */
  requireUserAgent?: boolean;
  clock?: Clock;
}

/** In-memory SQS-like queue of SP-API notification envelopes (A.10: no HTTP push exists). */
export interface AmazonSandboxQueue extends NotificationQueue {
  push(envelope: Record<string, unknown>): void;
  /** Messages not yet deleted (visible or in flight). */
  pending(): number;
}

export interface AmazonSandbox extends SandboxHandle {
  notifications: AmazonSandboxQueue;
  /** Queues an ORDER_CHANGE envelope for an order in the data set; returns its NotificationId. */
  emitOrderChange(amazonOrderId: string, options?: { notificationId?: string }): string;
  /** Queues an FBA_INVENTORY_AVAILABILITY_CHANGES envelope from the current inventory row. */
  emitInventoryChange(marketplaceId: string, sellerSku: string): string;
  /** LWA token exchanges served. */
  tokenExchanges(): number;
  /** Makes every issued access token expired (next call gets 403 "expired"). */
  expireAccessTokens(): void;
  /** Adds or replaces an order (a live order arriving). */
  upsertOrder(order: AmazonSandboxOrder): void;
  /** Creates a new Unshipped order placed now (sandbox clock), stores it and queues its ORDER_CHANGE. */
  createLiveOrder(input?: { marketplace?: string }): AmazonSandboxOrder;
}

export const amazonSandboxCredentials = {
  clientId: 'amzn1.application-oa2-client.sandbox',
  clientSecret: 'amzn1.oa2-cs.v1.sandbox-secret',
  refreshToken: 'Atzr|sandbox-refresh-token',
} as const;

const errorBody = (code: string, message: string, details = '') => ({ errors: [{ code, message, details }] });
const denied = (details: string): SandboxReply => ({ status: 403, body: errorBody('Unauthorized', 'Access to requested resource is denied.', details) });
const invalid = (message: string): SandboxReply => ({ status: 400, headers: { 'x-amzn-ErrorType': 'ValidationException' }, body: errorBody('InvalidInput', message) });

/**
 * Local SP-API + LWA server following reference A.3–A.9/A.12: form or JSON token exchange,
 * `x-amz-access-token` checks (missing/expired/unknown → 403 Unauthorized), getOrders (v0) with
 * its validation rules and NextToken paging, getOrderItems, searchOrders (v2026-01-01),
 * FBA getInventorySummaries with sibling `pagination` and 30-s nextToken expiry, per-operation token
 * buckets answering 429 QuotaExceeded, and `x-amzn-RateLimit-Limit`/`x-amzn-RequestId` headers.
 */
export async function startAmazonSandbox(options: AmazonSandboxOptions): Promise<AmazonSandbox> {
  const clock = options.clock ?? systemClock;
  const creds = {
    clientId: options.clientId ?? amazonSandboxCredentials.clientId,
    clientSecret: options.clientSecret ?? amazonSandboxCredentials.clientSecret,
    refreshToken: options.refreshToken ?? amazonSandboxCredentials.refreshToken,
  };
  const ttl = options.tokenTtlSeconds ?? 3600;
  const tokens = new Map<string, number>();
  let exchanges = 0;
  const orders = new Map(options.data.orders.map((o) => [o.order.AmazonOrderId, o]));
  const plans = { ...defaultSpApiUsagePlans, ...options.usagePlans };
  const buckets = new Map<string, TokenBucket>();
  const bucketFor = (operation: SpApiOperation) => {
    let bucket = buckets.get(operation);
    if (!bucket) {
      bucket = createTokenBucket({ ...plans[operation], clock });
      buckets.set(operation, bucket);
    }
    return bucket;
  };
  const faults = createSandboxFaults();

  const answerFault = (fault: SandboxFault): SandboxReply | undefined => {
    switch (fault.kind) {
      case 'rate-limit':
        return { status: 429, body: errorBody('QuotaExceeded', 'You exceeded your quota for the requested resource.') };
      case 'server-error': {
        const status = fault.status ?? 500;
        return { status, body: errorBody(status === 503 ? 'ServiceUnavailable' : 'InternalFailure', 'We encountered an internal error. Please try again.') };
      }
      case 'malformed':
        return { status: 200, body: '{"payload": {"Orders": [{"AmazonOrderId": "202-' };
      case 'bad-signature':
        return denied('');
      default:
        return undefined;
    }
  };

  function lwaToken(request: SandboxRequest): SandboxReply {
    const type = String(request.headers['content-type'] ?? '');
    let params: Record<string, string> = {};
    if (type.includes('application/json')) {
      try {
        params = JSON.parse(request.rawBody.toString('utf8')) as Record<string, string>;
      } catch {
        return { status: 400, body: { error: 'invalid_request', error_description: 'Malformed request body' } };
      }
    } else {
      params = Object.fromEntries(new URLSearchParams(request.rawBody.toString('utf8')));
    }
    const lwaError = (status: number, error: string, description: string): SandboxReply => ({
      status,
      headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
      body: { error_description: description, error, error_index: randomUUID(), request_id: randomUUID() },
    });
    if (params.client_id !== creds.clientId || params.client_secret !== creds.clientSecret) return lwaError(401, 'invalid_client', 'Client authentication failed');
    if (params.grant_type !== 'refresh_token' && params.grant_type !== 'client_credentials') return lwaError(400, 'invalid_request', 'The request has an invalid parameter : grant_type');
    if (params.grant_type === 'refresh_token' && params.refresh_token !== creds.refreshToken) {
      return lwaError(400, 'invalid_grant', 'The request has an invalid grant parameter : refresh_token');
    }
    exchanges += 1;
    const token = `Atza|sandbox-${randomUUID()}`;
    tokens.set(token, clock.now() + ttl * 1000);
    return {
      status: 200,
      headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
      body: { access_token: token, token_type: 'bearer', expires_in: ttl, ...(params.grant_type === 'refresh_token' ? { refresh_token: creds.refreshToken } : {}) },
    };
  }

  function authorise(request: SandboxRequest): SandboxReply | undefined {
    const token = request.headers['x-amz-access-token'];
    if (typeof token !== 'string' || token === '') return denied('Access token is missing in the request header.');
    const expiresAt = tokens.get(token);
    if (expiresAt === undefined) return denied('');
    if (clock.now() >= expiresAt) return denied('The access token you provided has expired.');
    if (options.requireUserAgent !== false && !String(request.headers['user-agent'] ?? '').includes('Language=')) {
      return invalid('user-agent header must contain (Language=...)');
    }
    return undefined;
  }

  function throttled(operation: SpApiOperation): SandboxReply | undefined {
    return bucketFor(operation).tryTake() ? undefined : { status: 429, body: errorBody('QuotaExceeded', 'You exceeded your quota for the requested resource.') };
  }

  const ok = (operation: SpApiOperation, body: unknown): SandboxReply => ({ status: 200, headers: { 'x-amzn-RateLimit-Limit': String(plans[operation].ratePerSecond) }, body });
  const isoValid = (v: string | null) => v !== null && !Number.isNaN(Date.parse(v)) && /T/.test(v);

  function getOrders(request: SandboxRequest): SandboxReply {
    const q = request.query;
    const marketplaceIds = (q.get('MarketplaceIds') ?? '').split(',').filter(Boolean);
    if (marketplaceIds.length === 0 || marketplaceIds.length > 50) return invalid('MarketplaceIds is required (max 50)');
    let filter: { createdAfter: string | null; updatedAfter: string | null; createdBefore: string | null; updatedBefore: string | null; max: number; offset: number };
    const nextToken = q.get('NextToken');
    if (nextToken) {
      const decoded = decodePageToken<typeof filter>(nextToken);
      if (!decoded) return invalid('Invalid NextToken');
      filter = decoded;
    } else {
      const createdAfter = q.get('CreatedAfter');
      const updatedAfter = q.get('LastUpdatedAfter');
      if ((createdAfter === null) === (updatedAfter === null)) return invalid('Exactly one of CreatedAfter and LastUpdatedAfter must be specified');
      for (const name of ['CreatedAfter', 'CreatedBefore', 'LastUpdatedAfter', 'LastUpdatedBefore']) {
        const v = q.get(name);
        if (v !== null && !isoValid(v)) return invalid(`${name} must be an ISO 8601 date-time`);
      }
      if (createdAfter && (q.get('LastUpdatedBefore') || q.get('LastUpdatedAfter'))) return invalid('LastUpdated filters cannot be combined with CreatedAfter');
      const twoMinutesAgo = clock.now() - 120_000;
      for (const name of ['CreatedBefore', 'LastUpdatedBefore']) {
        const v = q.get(name);
        if (v && Date.parse(v) > twoMinutesAgo) return invalid(`${name} must be at least 2 minutes before now`);
      }
      const max = q.get('MaxResultsPerPage') === null ? 100 : Number(q.get('MaxResultsPerPage'));
      if (!Number.isInteger(max) || max < 1 || max > 100) return invalid('MaxResultsPerPage must be between 1 and 100');
      filter = { createdAfter, updatedAfter, createdBefore: q.get('CreatedBefore'), updatedBefore: q.get('LastUpdatedBefore'), max, offset: 0 };
    }
    const bound = (v: string | null) => (v === null ? null : Date.parse(v));
    const [ca, cb, ua, ub] = [bound(filter.createdAfter), bound(filter.createdBefore), bound(filter.updatedAfter), bound(filter.updatedBefore)];
    const matching = [...orders.values()]
      .map((o) => ({ o: o.order, placed: Date.parse(o.order.PurchaseDate), updated: Date.parse(o.order.LastUpdateDate) }))
      .filter(({ o }) => marketplaceIds.includes(o.MarketplaceId))
      .filter(({ placed, updated }) => (ca === null || placed >= ca) && (cb === null || placed < cb) && (ua === null || updated >= ua) && (ub === null || updated < ub))
      .sort((a, b) => a.updated - b.updated || a.o.AmazonOrderId.localeCompare(b.o.AmazonOrderId))
      .map(({ o }) => o);
    const page = matching.slice(filter.offset, filter.offset + filter.max);
    const more = filter.offset + filter.max < matching.length;
    const payload: Json = { Orders: page, ...(filter.updatedAfter ? { LastUpdatedBefore: new Date(clock.now() - 120_000).toISOString() } : { CreatedBefore: new Date(clock.now() - 120_000).toISOString() }) };
    if (more) payload.NextToken = encodePageToken({ ...filter, offset: filter.offset + filter.max });
    return ok('getOrders', { payload });
  }

  function toV2026(o: AmazonSandboxOrder): Json {
    const marketplace = marketplaceById(o.order.MarketplaceId);
    const statusMap: Record<string, string> = {
      PendingAvailability: 'PENDING_AVAILABILITY', Pending: 'PENDING', Unshipped: 'UNSHIPPED', PartiallyShipped: 'PARTIALLY_SHIPPED',
      Shipped: 'SHIPPED', InvoiceUnconfirmed: 'SHIPPED', Canceled: 'CANCELLED', Unfulfillable: 'UNFULFILLABLE',
    };
    const total = o.order.OrderTotal as { Amount: string; CurrencyCode: string } | undefined;
    return {
      orderId: o.order.AmazonOrderId,
      createdTime: o.order.PurchaseDate,
      lastUpdatedTime: o.order.LastUpdateDate,
      salesChannel: { channelName: `Amazon.${marketplace?.code === 'UK' ? 'co.uk' : (marketplace?.code ?? 'com').toLowerCase()}`, marketplaceId: o.order.MarketplaceId, marketplaceName: marketplace?.code ?? '' },
      fulfillment: { fulfillmentStatus: statusMap[o.order.OrderStatus] ?? 'PENDING', fulfilledBy: o.order.FulfillmentChannel === 'MFN' ? 'MERCHANT' : 'AMAZON' },
      ...(total ? { proceeds: { grandTotal: { amount: total.Amount, currencyCode: total.CurrencyCode } } } : {}),
      orderItems: o.items.map((item) => {
        const price = item.ItemPrice as { Amount: string; CurrencyCode: string } | undefined;
        const qty = Number(item.QuantityOrdered);
        return {
          orderItemId: item.OrderItemId,
          quantityOrdered: qty,
          product: {
            asin: item.ASIN,
            sellerSku: item.SellerSKU,
            title: item.Title,
            ...(price && qty > 0 ? { price: { unitPrice: { amount: new Decimal(price.Amount).dividedBy(qty).toFixed(2), currencyCode: price.CurrencyCode } } } : {}),
          },
          ...(price ? { proceeds: { proceedsTotal: { amount: price.Amount, currencyCode: price.CurrencyCode } } } : {}),
        };
      }),
    };
  }

  function searchOrders(request: SandboxRequest): SandboxReply {
    const q = request.query;
    const marketplaceIds = (q.get('marketplaceIds') ?? '').split(',').filter(Boolean);
    let state: { createdAfter: string | null; updatedAfter: string | null; max: number; offset: number; marketplaceIds: string[] };
    const token = q.get('paginationToken');
    if (token) {
      const decoded = decodePageToken<typeof state>(token);
      if (!decoded) return invalid('Invalid paginationToken');
      state = decoded;
    } else {
      const createdAfter = q.get('createdAfter');
      const updatedAfter = q.get('lastUpdatedAfter');
      if ((createdAfter === null) === (updatedAfter === null)) return invalid('Exactly one of createdAfter and lastUpdatedAfter must be specified');
      if (!isoValid(createdAfter ?? updatedAfter)) return invalid('date-time filters must be ISO 8601');
      const max = q.get('maxResultsPerPage') === null ? 100 : Number(q.get('maxResultsPerPage'));
      if (!Number.isInteger(max) || max < 1 || max > 100) return invalid('maxResultsPerPage must be between 1 and 100');
      state = { createdAfter, updatedAfter, max, offset: 0, marketplaceIds };
    }
    const since = { created: state.createdAfter === null ? null : Date.parse(state.createdAfter), updated: state.updatedAfter === null ? null : Date.parse(state.updatedAfter) };
    const matching = [...orders.values()]
      .map((o) => ({ o, placed: Date.parse(o.order.PurchaseDate), updated: Date.parse(o.order.LastUpdateDate) }))
      .filter(({ o }) => state.marketplaceIds.length === 0 || state.marketplaceIds.includes(o.order.MarketplaceId))
      .filter(({ placed, updated }) => (since.created === null || placed >= since.created) && (since.updated === null || updated >= since.updated))
      .sort((a, b) => a.updated - b.updated || a.o.order.AmazonOrderId.localeCompare(b.o.order.AmazonOrderId))
      .map(({ o }) => o);
    const page = matching.slice(state.offset, state.offset + state.max).map(toV2026);
    const more = state.offset + state.max < matching.length;
    return ok('searchOrders', { orders: page, ...(more ? { pagination: { nextToken: encodePageToken({ ...state, offset: state.offset + state.max }) } } : {}) });
  }

  function inventorySummaries(request: SandboxRequest): SandboxReply {
    const q = request.query;
    if (q.get('granularityType') !== 'Marketplace') return invalid('granularityType must be Marketplace');
    const granularityId = q.get('granularityId');
    const marketplaceIds = (q.get('marketplaceIds') ?? '').split(',').filter(Boolean);
    if (!granularityId || marketplaceIds.length !== 1 || marketplaceIds[0] !== granularityId) return invalid('marketplaceIds must hold exactly the granularityId');
    const startDateTime = q.get('startDateTime');
    if (startDateTime !== null && !isoValid(startDateTime)) return invalid('startDateTime must be ISO 8601');
    const pageSize = options.fbaPageSize ?? 50;
    let offset = 0;
    const nextToken = q.get('nextToken');
    if (nextToken) {
      const decoded = decodePageToken<{ offset: number; issuedAt: number }>(nextToken);
      if (!decoded) return invalid('Invalid nextToken');
      if (clock.now() - decoded.issuedAt > (options.fbaNextTokenTtlMs ?? 30_000)) return invalid('The nextToken has expired');
      offset = decoded.offset;
    }
    const details = q.get('details') === 'true';
    const all = (options.data.inventory[granularityId] ?? [])
      .filter((s) => startDateTime === null || Date.parse(s.lastUpdatedTime) >= Date.parse(startDateTime))
      .sort((a, b) => a.sellerSku.localeCompare(b.sellerSku));
    const page = all.slice(offset, offset + pageSize).map((s) => {
      if (details) return s;
      const { inventoryDetails: _omit, ...rest } = s;
      return rest;
    });
    const more = offset + pageSize < all.length;
    return ok('getInventorySummaries', {
      ...(more ? { pagination: { nextToken: encodePageToken({ offset: offset + pageSize, issuedAt: clock.now() }) } } : {}),
      payload: { granularity: { granularityType: 'Marketplace', granularityId }, inventorySummaries: page },
    });
  }

  async function handle(request: SandboxRequest): Promise<SandboxReply> {
    const reply = route(request);
    return { ...reply, headers: { 'x-amzn-RequestId': randomUUID(), ...reply.headers } };
  }

  function route(request: SandboxRequest): SandboxReply {
    if (request.method === 'POST' && request.path === '/auth/o2/token') return lwaToken(request);
    if (request.method !== 'GET') return { status: 404, body: errorBody('NotFound', 'Resource not found') };
    const itemsMatch = /^\/orders\/v0\/orders\/([^/]+)\/orderItems$/.exec(request.path);
    const orderMatch = /^\/orders\/(v0|2026-01-01)\/orders\/([^/]+)$/.exec(request.path);
    const operation: SpApiOperation | undefined =
      request.path === '/orders/v0/orders' ? 'getOrders'
        : itemsMatch ? 'getOrderItems'
          : orderMatch ? 'getOrder'
          : request.path === '/orders/2026-01-01/orders' ? 'searchOrders'
            : request.path === '/fba/inventory/v1/summaries' ? 'getInventorySummaries'
              : undefined;
    if (!operation) return { status: 404, body: errorBody('NotFound', 'Resource not found') };
    const denial = authorise(request);
    if (denial) return denial;
    const limited = throttled(operation);
    if (limited) return limited;
    switch (operation) {
      case 'getOrders':
        return getOrders(request);
      case 'searchOrders':
        return searchOrders(request);
      case 'getInventorySummaries':
        return inventorySummaries(request);
      case 'getOrder': {
        const found = orders.get(decodeURIComponent(orderMatch?.[2] ?? ''));
        if (!found) return { status: 404, body: errorBody('NotFound', 'Order not found') };
        return ok('getOrder', orderMatch?.[1] === 'v0' ? { payload: found.order } : { order: toV2026(found) });
      }
      default: {
        const found = orders.get(decodeURIComponent(itemsMatch?.[1] ?? ''));
        if (!found) return { status: 404, body: errorBody('NotFound', 'Order not found') };
        return ok('getOrderItems', { payload: { AmazonOrderId: found.order.AmazonOrderId, OrderItems: found.items } });
      }
    }
  }

  const server = await startSandboxServer({ ...options, defaultFaultTarget: (path) => path !== '/auth/o2/token' }, faults, answerFault, handle);
  const queue: { handle: string; body: string; visibleAt: number }[] = [];
  const visibility = options.visibilityTimeoutMs ?? 30_000;
  const notifications: AmazonSandboxQueue = {
    push(envelope) {
      queue.push({ handle: randomUUID(), body: JSON.stringify(envelope), visibleAt: 0 });
    },
    async receive(max) {
      const now = clock.now();
      const out: { receiptHandle: string; body: string }[] = [];
      for (const message of queue) {
        if (out.length >= max) break;
        if (message.visibleAt > now) continue;
        // SQS issues a new receipt handle on every receive.
        message.handle = randomUUID();
        message.visibleAt = now + visibility;
        out.push({ receiptHandle: message.handle, body: message.body });
      }
      return out;
    },
    async delete(receiptHandle) {
      const i = queue.findIndex((m) => m.handle === receiptHandle);
      if (i !== -1) queue.splice(i, 1);
    },
    pending: () => queue.length,
  };
  const liveRandom = seededRandom(0x5e71a);
  let liveCount = 0;
  const envelope = (type: string, payload: Record<string, unknown>, notificationId: string) => ({
    NotificationVersion: '1.0',
    NotificationType: type,
    PayloadVersion: '1.0',
    EventTime: new Date(clock.now()).toISOString(),
    Payload: payload,
    NotificationMetadata: { ApplicationId: 'amzn1.sellerapps.app.sandbox', SubscriptionId: 'sandbox-subscription', PublishTime: new Date(clock.now()).toISOString(), NotificationId: notificationId },
  });
  const api: AmazonSandbox = {
    ...server,
    notifications,
    emitOrderChange(amazonOrderId, emitOptions = {}) {
      const found = orders.get(amazonOrderId);
      if (!found) throw new Error(`no order ${amazonOrderId}`);
      const id = emitOptions.notificationId ?? randomUUID();
      notifications.push(
        envelope('ORDER_CHANGE', {
          OrderChangeNotification: {
            NotificationLevel: 'OrderLevel',
            SellerId: 'A3SANDBOXSELLER',
            AmazonOrderId: amazonOrderId,
            OrderChangeType: 'OrderStatusChange',
            OrderChangeTrigger: { TimeOfOrderChange: found.order.LastUpdateDate, ChangeReason: 'Order status changed' },
            Summary: {
              MarketplaceId: found.order.MarketplaceId,
              OrderStatus: found.order.OrderStatus,
              PurchaseDate: found.order.PurchaseDate,
              FulfillmentType: found.order.FulfillmentChannel ?? 'AFN',
              OrderItems: found.items.map((i) => ({ OrderItemId: i.OrderItemId, SellerSKU: i.SellerSKU, Quantity: i.QuantityOrdered })),
            },
          },
        }, id),
      );
      return id;
    },
    emitInventoryChange(marketplaceId, sellerSku) {
      const row = (options.data.inventory[marketplaceId] ?? []).find((r) => r.sellerSku === sellerSku) as
        | (Json & { asin?: string; fnSku?: string; productName?: string; inventoryDetails?: { fulfillableQuantity?: number; inboundWorkingQuantity?: number; inboundShippedQuantity?: number; inboundReceivingQuantity?: number; unfulfillableQuantity?: { totalUnfulfillableQuantity?: number }; researchingQuantity?: { totalResearchingQuantity?: number } } })
        | undefined;
      if (!row) throw new Error(`no inventory row ${sellerSku} in ${marketplaceId}`);
      const d = row.inventoryDetails ?? {};
      const id = randomUUID();
      notifications.push(
        envelope('FBA_INVENTORY_AVAILABILITY_CHANGES', {
          SellerId: 'A3SANDBOXSELLER', FNSKU: row.fnSku, ASIN: row.asin, SKU: sellerSku,
          FulfillmentInventoryByMarketplace: [{
            MarketplaceId: marketplaceId, ItemName: row.productName,
            FulfillmentInventory: {
              InboundQuantityBreakdown: { Working: d.inboundWorkingQuantity ?? 0, Shipped: d.inboundShippedQuantity ?? 0, Receiving: d.inboundReceivingQuantity ?? 0 },
              Fulfillable: d.fulfillableQuantity ?? 0,
              Unfulfillable: d.unfulfillableQuantity?.totalUnfulfillableQuantity ?? 0,
              Researching: d.researchingQuantity?.totalResearchingQuantity ?? 0,
            },
          }],
        }, id),
      );
      return id;
    },
    tokenExchanges: () => exchanges,
    expireAccessTokens() {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
    upsertOrder(order) {
      orders.set(order.order.AmazonOrderId, order);
    },
    createLiveOrder(input = {}) {
      liveCount += 1;
      const order = makeAmazonSandboxOrder({ random: liveRandom, marketplace: input.marketplace ?? 'UK', index: 8_000_000 + liveCount, placedMs: clock.now(), status: 'Unshipped' });
      orders.set(order.order.AmazonOrderId, order);
      api.emitOrderChange(order.order.AmazonOrderId);
      return order;
    },
  };
  return api;
}

/**
 * One v0-shaped order with 1–3 catalogue lines; `Pending` orders carry no prices or total (A.5).
 * `index` makes the AmazonOrderId unique.
 */
export function makeAmazonSandboxOrder(input: { random: () => number; marketplace: string; index: number; placedMs: number; updatedMs?: number; status?: string }): AmazonSandboxOrder {
  const { random, index: i } = input;
  const market = marketplaceByCode(input.marketplace);
  if (!market) throw new Error(`unknown marketplace ${input.marketplace}`);
  const currency = market.currency as 'GBP' | 'EUR' | 'USD';
  const status = input.status ?? 'Unshipped';
  const placed = input.placedMs;
  const updated = input.updatedMs ?? placed;
  const id = `${market.code === 'US' ? '111' : '202'}-${String(1_000_000 + i).padStart(7, '0')}-${String(Math.floor(random() * 9_999_999)).padStart(7, '0')}`;
  const lineCount = 1 + Math.floor(random() * 3);
  const items: Json[] = [];
  let total = new Decimal(0);
  for (let l = 0; l < lineCount; l += 1) {
    const sku = sandboxSkus[Math.floor(random() * sandboxSkus.length)] ?? sandboxSkus[0];
    if (!sku) break;
    const qty = 1 + Math.floor(random() * 3);
    const linePrice = new Decimal(sku.prices[currency]).times(qty);
    const tax = linePrice.minus(linePrice.dividedBy(market.region === 'US' ? 1 : 1.2)).toDecimalPlaces(2);
    total = total.plus(linePrice);
    items.push({
      ASIN: sku.asin,
      OrderItemId: `${String(i).padStart(8, '0')}${l}`,
      SellerSKU: sku.sku,
      Title: sku.name,
      QuantityOrdered: qty,
      QuantityShipped: status === 'Shipped' ? qty : 0,
      ProductInfo: { NumberOfItems: '1' },
      ...(status === 'Pending'
        ? {}
        : {
            ItemPrice: { CurrencyCode: currency, Amount: linePrice.toFixed(2) },
            ItemTax: { CurrencyCode: currency, Amount: tax.toFixed(2) },
            PromotionDiscount: { CurrencyCode: currency, Amount: '0.00' },
          }),
      IsGift: 'false',
      ConditionId: 'New',
      IsTransparency: false,
      SerialNumberRequired: false,
    });
  }
  return {
    order: {
      AmazonOrderId: id,
      PurchaseDate: new Date(placed).toISOString().replace('.000Z', 'Z'),
      LastUpdateDate: new Date(updated).toISOString().replace('.000Z', 'Z'),
      OrderStatus: status,
      FulfillmentChannel: 'AFN',
      SalesChannel: market.code === 'UK' ? 'Amazon.co.uk' : market.code === 'US' ? 'Amazon.com' : `Amazon.${market.code.toLowerCase()}`,
      ...(status === 'Pending' ? {} : { OrderTotal: { CurrencyCode: currency, Amount: total.toFixed(2) } }),
      NumberOfItemsShipped: status === 'Shipped' ? lineCount : 0,
      NumberOfItemsUnshipped: status === 'Shipped' ? 0 : lineCount,
      PaymentMethod: 'Other',
      MarketplaceId: market.marketplaceId,
      OrderType: 'StandardOrder',
      IsBusinessOrder: false,
      IsPrime: random() < 0.6,
    },
    items,
  };
}

/**
 * Deterministic Amazon data set: `orderCount` orders spread over [from, to) across the given
 * marketplaces (UK, DE, US by default), 1–3 lines each from the demo catalogue, a share of Pending
 * orders without totals, and FBA inventory per marketplace.
 */
export function generateAmazonSandboxData(options: { seed?: number; orderCount?: number; from?: string; to?: string; marketplaces?: string[] } = {}): AmazonSandboxData {
  const random = seededRandom(options.seed ?? 7);
  const from = Date.parse(options.from ?? '2024-05-01T00:00:00Z');
  const to = Date.parse(options.to ?? '2024-05-31T00:00:00Z');
  const markets = (options.marketplaces ?? ['UK', 'DE', 'US']).map((code) => {
    const m = marketplaceByCode(code);
    if (!m) throw new Error(`unknown marketplace ${code}`);
    return m;
  });
  const statuses = ['Shipped', 'Shipped', 'Shipped', 'Unshipped', 'Pending', 'Canceled'];
  const orders: AmazonSandboxOrder[] = [];
  for (let i = 0; i < (options.orderCount ?? 60); i += 1) {
    const market = markets[Math.floor(random() * markets.length)] ?? markets[0];
    if (!market) break;
    const placed = from + Math.floor(random() * (to - from));
    const updated = placed + Math.floor(random() * 6 * 3_600_000);
    const status = statuses[Math.floor(random() * statuses.length)] ?? 'Shipped';
    orders.push(makeAmazonSandboxOrder({ random, marketplace: market.code, index: i, placedMs: placed, updatedMs: updated, status }));
  }
  const inventory: AmazonSandboxData['inventory'] = {};
  for (const market of markets) {
    inventory[market.marketplaceId] = sandboxSkus.map((sku) => {
      const fulfillable = Math.floor(random() * 400);
      const reserved = Math.floor(random() * 10);
      const inbound = Math.floor(random() * 48);
      const unfulfillable = Math.floor(random() * 3);
      return {
        asin: sku.asin,
        fnSku: `X0${sku.asin.slice(2)}`,
        sellerSku: sku.sku,
        condition: 'NewItem',
        inventoryDetails: {
          fulfillableQuantity: fulfillable,
          inboundWorkingQuantity: 0,
          inboundShippedQuantity: inbound,
          inboundReceivingQuantity: 0,
          reservedQuantity: { totalReservedQuantity: reserved, pendingCustomerOrderQuantity: reserved, pendingTransshipmentQuantity: 0, fcProcessingQuantity: 0 },
          researchingQuantity: { totalResearchingQuantity: 0, researchingQuantityBreakdown: [] },
          unfulfillableQuantity: { totalUnfulfillableQuantity: unfulfillable, customerDamagedQuantity: unfulfillable, warehouseDamagedQuantity: 0, distributorDamagedQuantity: 0, carrierDamagedQuantity: 0, defectiveQuantity: 0, expiredQuantity: 0 },
        },
        lastUpdatedTime: new Date(to - Math.floor(random() * 86_400_000)).toISOString().replace('.000Z', 'Z'),
        productName: sku.name,
        totalQuantity: fulfillable + reserved + inbound + unfulfillable,
        stores: [],
      };
    });
  }
  return { orders, inventory };
}
