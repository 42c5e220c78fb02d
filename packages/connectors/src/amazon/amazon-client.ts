import { z } from 'zod';
import type { NormalisedInventoryLevel, NormalisedOrder, SyncCursor } from '@sentia/contracts/integrations';
import type { CircuitBreakerSnapshot } from '../shared/circuit-breaker.ts';
import { mapConcurrently } from '../shared/map-concurrently.ts';
import { ConnectorError, isConnectorError } from '../shared/connector-error.ts';
import { addDecimals, toOptionalUtcIso } from '../shared/decimal.ts';
import { type FetchLike, type HttpResponse, createHttpClient, errorForStatus, parseJsonBody } from '../shared/http-client.ts';
import { type ResilienceOptions, createResilientCaller } from '../shared/resilient-caller.ts';
import { type SyncPageResult, syncResource } from '../shared/sync-resource.ts';
import { type RateLimitPlan, createRateLimiter } from '../shared/token-bucket.ts';
import {
  type AmazonMarketplace,
  type SpApiOperation,
  type SpApiRegion,
  defaultLwaTokenUrl,
  defaultSpApiUsagePlans,
  marketplaceByCode,
  spApiHosts,
} from './amazon-config.ts';
import { createLwaTokenProvider } from './lwa-token-provider.ts';
import { type OrdersApiVersion, ordersAdapterFor, parseAmazon } from './orders-mapping.ts';

/** One SP-API authorisation: one selling partner in one region (one refresh token). */
export interface AmazonConnectionConfig {
  /** Label stored on every record, e.g. the seller id or `eu`. */
  account: string;
  region: SpApiRegion;
  /** Overrides the regional host (sandbox servers, Amazon's `sandbox.` hosts). */
  endpoint?: string;
  /** Overrides the LWA token URL. */
  tokenUrl?: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Marketplace codes on this region's host, e.g. ['UK', 'DE'] (EU) or ['US'] (NA). */
  marketplaces: string[];
  ordersApiVersion?: OrdersApiVersion;
  /** Sent as `user-agent`; must contain `(Language=…)`. */
  userAgent?: string;
  usagePlans?: Partial<Record<SpApiOperation, RateLimitPlan>>;
  maxResultsPerPage?: number;
  /** First sync reaches back this far (Amazon keeps 2 years of orders). */
  initialLookbackDays?: number;
}

export interface AmazonClientOptions extends ResilienceOptions {
  fetch?: FetchLike;
  timeoutMs?: number;
}

export interface AmazonOrdersPage {
  orders: NormalisedOrder[];
  nextToken: string | null;
}

export interface AmazonInventoryPage {
  levels: NormalisedInventoryLevel[];
  nextToken: string | null;
}

export interface AmazonClient {
  /** One page of orders updated after `lastUpdatedAfter`, each with its items, normalised. */
  getOrdersPage(input: { lastUpdatedAfter: string; pageToken: string | null }): Promise<AmazonOrdersPage>;
  /** One order by id with its items (refresh after an ORDER_CHANGE notification). */
  getOrder(orderId: string): Promise<NormalisedOrder>;
  /** Every item of one order (v0 getOrderItems, following NextToken). */
  getOrderItems(orderId: string): Promise<unknown[]>;
  /** One page of FBA inventory summaries of one marketplace. */
  getInventorySummariesPage(input: { marketplace: string; startDateTime?: string | null; nextToken?: string | null }): Promise<AmazonInventoryPage>;
  syncOrders(cursor: SyncCursor, options?: { maxPages?: number }): AsyncGenerator<SyncPageResult<NormalisedOrder>, SyncCursor>;
  syncInventory(marketplace: string, cursor: SyncCursor, options?: { maxPages?: number }): AsyncGenerator<SyncPageResult<NormalisedInventoryLevel>, SyncCursor>;
  health(): { breaker: CircuitBreakerSnapshot; rateLimits: Record<string, { available: number; burst: number; ratePerSecond: number }>; tokenExpiresAt: number | null };
}

const orderItemsPageSchema = z.object({ payload: z.object({ OrderItems: z.array(z.unknown()), NextToken: z.string().optional() }) });
/** getOrderItems calls in flight while a page of orders is completed. */
const ORDER_ITEMS_CONCURRENCY = 6;
const errorsBodySchema = z.object({ errors: z.array(z.object({ code: z.string(), message: z.string().optional(), details: z.string().optional() })).min(1) });

const inventorySummarySchema = z.object({
  asin: z.string().optional(),
  fnSku: z.string().optional(),
  sellerSku: z.string().min(1),
  condition: z.string().optional(),
  lastUpdatedTime: z.string().nullable().optional(),
  productName: z.string().optional(),
  totalQuantity: z.number().int().nonnegative().optional(),
  inventoryDetails: z
    .object({
      fulfillableQuantity: z.number().int().optional(),
      inboundWorkingQuantity: z.number().int().optional(),
      inboundShippedQuantity: z.number().int().optional(),
      inboundReceivingQuantity: z.number().int().optional(),
      reservedQuantity: z.object({ totalReservedQuantity: z.number().int().optional() }).optional(),
      researchingQuantity: z.object({ totalResearchingQuantity: z.number().int().optional() }).optional(),
      unfulfillableQuantity: z.object({ totalUnfulfillableQuantity: z.number().int().optional() }).optional(),
    })
    .optional(),
});
const inventoryPageSchema = z.object({
  payload: z.object({ inventorySummaries: z.array(inventorySummarySchema) }),
  pagination: z.object({ nextToken: z.string().optional() }).optional(),
});

/**
 * Hand-written SP-API client (see docs/decisions/0007-connector-clients.md): LWA auth, regional or
 * configured host, per-operation token buckets seeded from the usage plans and adjusted from
 * `x-amzn-RateLimit-Limit`, retries and the Amazon circuit breaker, typed errors.
 */
export function createAmazonClient(config: AmazonConnectionConfig, options: AmazonClientOptions = {}): AmazonClient {
  const marketplaces = resolveMarketplaces(config);
  const baseUrl = (config.endpoint ?? spApiHosts[config.region]).replace(/\/+$/, '');
  const http = createHttpClient({ integration: 'amazon', timeoutMs: options.timeoutMs, fetch: options.fetch });
  const clock = options.clock;
  const limiter = options.limiter ?? createRateLimiter({ ...defaultSpApiUsagePlans, ...config.usagePlans }, clock);
  const caller = createResilientCaller('amazon', { ...options, limiter });
  const lwa = createLwaTokenProvider(
    { tokenUrl: config.tokenUrl ?? defaultLwaTokenUrl, clientId: config.clientId, clientSecret: config.clientSecret, refreshToken: config.refreshToken },
    http,
    { clock: caller.clock },
  );
  const adapter = ordersAdapterFor(config.ordersApiVersion ?? 'v0');
  const userAgent = config.userAgent ?? 'SentiaDashboard/1.0 (Language=TypeScript; Platform=Node/20)';
  const maxResults = config.maxResultsPerPage ?? 100;

  async function send(path: string, query: Record<string, string>): Promise<HttpResponse> {
    const token = await lwa.getAccessToken();
    const qs = new URLSearchParams(query).toString();
    return http.send({
      url: `${baseUrl}${path}${qs ? `?${qs}` : ''}`,
      headers: { 'x-amz-access-token': token, 'user-agent': userAgent, accept: 'application/json' },
    });
  }

  function spApi(operation: SpApiOperation, path: string, query: Record<string, string>): Promise<unknown> {
    return caller.call(operation, async () => {
      let response = await send(path, query);
      if (response.status === 403 && vendorError(response)?.details?.toLowerCase().includes('expired')) {
        lwa.invalidate();
        response = await send(path, query);
      }
      const rate = Number(response.headers.get('x-amzn-ratelimit-limit'));
      if (rate > 0) limiter.bucket(operation)?.setRate(rate);
      if (response.status >= 200 && response.status < 300) return parseJsonBody(response, 'amazon');
      const error = vendorError(response);
      const detail = error ? `${error.code}: ${error.message ?? ''} ${error.details ?? ''}`.trim() : operation;
      throw errorForStatus(response, 'amazon', detail, error?.code);
    });
  }

  async function getOrderItems(orderId: string): Promise<unknown[]> {
    const items: unknown[] = [];
    let nextToken: string | undefined;
    do {
      const body = await spApi('getOrderItems', `/orders/v0/orders/${encodeURIComponent(orderId)}/orderItems`, nextToken ? { NextToken: nextToken } : {});
      const page = parseAmazon(orderItemsPageSchema, body, 'getOrderItems response');
      items.push(...page.payload.OrderItems);
      nextToken = page.payload.NextToken || undefined;
    } while (nextToken);
    return items;
  }

  async function getOrdersPage(input: { lastUpdatedAfter: string; pageToken: string | null }): Promise<AmazonOrdersPage> {
    const body = await spApi(
      adapter.searchOperation,
      adapter.searchPath,
      adapter.searchQuery({ marketplaceIds: marketplaces.map((m) => m.marketplaceId), lastUpdatedAfter: input.lastUpdatedAfter, pageToken: input.pageToken, maxResultsPerPage: maxResults }),
    );
    const page = adapter.parseSearchPage(body);
    // A few getOrderItems calls in flight: the operation's token bucket still sets the pace (0.5/s on real
    // plans), but the page no longer waits out every round trip one after another.
    const items = adapter.itemsInline ? page.orders.map(() => null) : await mapConcurrently(page.orders, ORDER_ITEMS_CONCURRENCY, (order) => getOrderItems(adapter.orderIdOf(order)));
    return { orders: page.orders.map((order, i) => adapter.toNormalised(order, items[i] ?? null, config.account)), nextToken: page.nextToken };
  }

  async function getOrder(orderId: string): Promise<NormalisedOrder> {
    const order = adapter.parseGetOrder(await spApi('getOrder', adapter.getOrderPath(orderId), {}));
    const items = adapter.itemsInline ? null : await getOrderItems(orderId);
    return adapter.toNormalised(order, items, config.account);
  }

  async function getInventorySummariesPage(input: { marketplace: string; startDateTime?: string | null; nextToken?: string | null }): Promise<AmazonInventoryPage> {
    const marketplace = marketplaces.find((m) => m.code === input.marketplace.toUpperCase() || m.marketplaceId === input.marketplace);
    if (!marketplace) throw new ConnectorError('INVALID_CONFIG', `marketplace ${input.marketplace} is not part of connection ${config.account}`, { integration: 'amazon' });
    const query: Record<string, string> = {
      granularityType: 'Marketplace',
      granularityId: marketplace.marketplaceId,
      marketplaceIds: marketplace.marketplaceId,
      details: 'true',
    };
    if (input.startDateTime) query.startDateTime = input.startDateTime;
    if (input.nextToken) query.nextToken = input.nextToken;
    const body = await spApi('getInventorySummaries', '/fba/inventory/v1/summaries', query);
    const page = parseAmazon(inventoryPageSchema, body, 'getInventorySummaries response');
    return {
      levels: page.payload.inventorySummaries.map((s) => mapInventorySummary(s, marketplace, config.account)),
      nextToken: page.pagination?.nextToken || null,
    };
  }

  const defaultSince = () => new Date(caller.clock.now() - (config.initialLookbackDays ?? 730) * 86_400_000).toISOString();

  return {
    getOrdersPage,
    getOrder,
    getOrderItems,
    getInventorySummariesPage,
    syncOrders(cursor, syncOptions = {}) {
      return syncResource({
        cursor,
        maxPages: syncOptions.maxPages,
        updatedAtOf: (o) => o.updatedAt,
        fetchPage: async ({ since, pageToken }) => {
          const page = await getOrdersPage({ lastUpdatedAfter: since ?? defaultSince(), pageToken });
          return { records: page.orders, nextPageToken: page.nextToken };
        },
      });
    },
    syncInventory(marketplace, cursor, syncOptions = {}) {
      let restarted = false;
      return syncResource({
        cursor,
        maxPages: syncOptions.maxPages,
        updatedAtOf: (l) => l.updatedAt,
        fetchPage: async ({ since, pageToken }) => {
          let page: AmazonInventoryPage;
          try {
            page = await getInventorySummariesPage({ marketplace, startDateTime: since, nextToken: pageToken });
          } catch (error) {
            // FBA nextTokens expire 30 s after issue, so a run resumed later must start over;
            // re-reading pages is harmless (idempotent upserts). Only once, to never loop.
            if (pageToken === null || restarted || !isConnectorError(error) || error.code !== 'BAD_REQUEST') throw error;
            restarted = true;
            page = await getInventorySummariesPage({ marketplace, startDateTime: since, nextToken: null });
          }
          return { records: page.levels, nextPageToken: page.nextToken };
        },
      });
    },
    health: () => ({ breaker: caller.breaker.snapshot(), rateLimits: limiter.snapshot(), tokenExpiresAt: lwa.expiresAt() }),
  };
}

function resolveMarketplaces(config: AmazonConnectionConfig): AmazonMarketplace[] {
  if (config.marketplaces.length === 0) throw new ConnectorError('INVALID_CONFIG', 'an Amazon connection needs at least one marketplace', { integration: 'amazon' });
  return config.marketplaces.map((code) => {
    const marketplace = marketplaceByCode(code);
    if (!marketplace) throw new ConnectorError('INVALID_CONFIG', `unknown Amazon marketplace ${code}`, { integration: 'amazon' });
    if (marketplace.spApiRegion !== config.region) {
      throw new ConnectorError('INVALID_CONFIG', `marketplace ${code} is served by the ${marketplace.spApiRegion} host, not ${config.region}`, { integration: 'amazon' });
    }
    return marketplace;
  });
}

function vendorError(response: HttpResponse): { code: string; message?: string; details?: string } | undefined {
  try {
    const parsed = errorsBodySchema.safeParse(JSON.parse(response.text));
    return parsed.success ? parsed.data.errors[0] : undefined;
  } catch {
    return undefined;
  }
}

function mapInventorySummary(summary: z.infer<typeof inventorySummarySchema>, marketplace: AmazonMarketplace, account: string): NormalisedInventoryLevel {
  const d = summary.inventoryDetails;
  const fulfillable = d?.fulfillableQuantity ?? 0;
  const reserved = d?.reservedQuantity?.totalReservedQuantity ?? 0;
  const researching = d?.researchingQuantity?.totalResearchingQuantity ?? 0;
  const unfulfillable = d?.unfulfillableQuantity?.totalUnfulfillableQuantity ?? 0;
  const inbound = (d?.inboundWorkingQuantity ?? 0) + (d?.inboundShippedQuantity ?? 0) + (d?.inboundReceivingQuantity ?? 0);
  // totalQuantity also counts inbound units; on hand is what sits in fulfilment centres.
  const onHand = d ? addDecimals(String(fulfillable), String(reserved), String(researching), String(unfulfillable)) : String(summary.totalQuantity ?? 0);
  return {
    source: 'amazon',
    account,
    sourceId: `${summary.sellerSku}@${marketplace.marketplaceId}`,
    sku: summary.sellerSku,
    locationId: marketplace.marketplaceId,
    locationName: `Amazon FBA ${marketplace.code}`,
    region: marketplace.region,
    onHand,
    available: String(fulfillable),
    reserved: String(reserved),
    inbound: String(inbound),
    unfulfillable: String(unfulfillable),
    averageCost: null,
    updatedAt: toOptionalUtcIso(summary.lastUpdatedTime, 'lastUpdatedTime', 'amazon'),
  };
}
