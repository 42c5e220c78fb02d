import { z } from 'zod';
import type { Channel, Region } from '@sentia/contracts/common';
import type { NormalisedInventoryLevel, NormalisedOrder, SyncCursor } from '@sentia/contracts/integrations';
import type { CircuitBreakerSnapshot } from '../shared/circuit-breaker.ts';
import { ConnectorError } from '../shared/connector-error.ts';
import { type FetchLike, createHttpClient, errorForStatus, parseJsonBody } from '../shared/http-client.ts';
import { type ResilienceOptions, createResilientCaller } from '../shared/resilient-caller.ts';
import { type SyncPageResult, syncResource } from '../shared/sync-resource.ts';
import { type CostThrottle, type ThrottleStatus, createCostThrottle } from './cost-throttle.ts';
import { type ShopifyStoreContext, gqlOrderSchema, mapGraphqlOrder, mapInventoryItem, parseShopify } from './map-shopify-order.ts';
import {
  INVENTORY_ITEM_QUERY,
  INVENTORY_QUERY,
  ORDERS_QUERY,
  ORDER_LINE_ITEMS_QUERY,
  estimateInventoryItemQueryCost,
  estimateInventoryQueryCost,
  estimateOrderLineItemsQueryCost,
  estimateOrdersQueryCost,
} from './shopify-queries.ts';

/** One Shopify store: its own domain, Admin API token and webhook secret. */
export interface ShopifyStoreConfig {
  /** `example-store.myshopify.com`. */
  shopDomain: string;
  accessToken: string;
  /** Secret that signs this shop's webhooks (app client secret, or the key shown in admin for hand-made webhooks). */
  webhookSecret: string;
  /** Admin API version `YYYY-MM` (default 2025-10). */
  apiVersion?: string;
  channel: Channel;
  region: Region;
  /** Overrides `https://{shopDomain}` (sandbox servers). */
  baseUrl?: string;
  ordersPageSize?: number;
  lineItemsPerOrder?: number;
  inventoryPageSize?: number;
}

export interface ShopifyClientOptions extends ResilienceOptions {
  fetch?: FetchLike;
  timeoutMs?: number;
}

export interface GraphqlResult<T> {
  data: T;
  cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: ThrottleStatus } | null;
  apiVersion: string | null;
}

export interface ShopifyClient {
  readonly store: ShopifyStoreContext;
  /** Runs one Admin GraphQL document, pacing by cost and retrying THROTTLED, 429 and 5xx. */
  graphql<T>(query: string, variables: Record<string, unknown>, estimatedCost: number): Promise<GraphqlResult<T>>;
  getOrdersPage(input: { updatedSince: string | null; after: string | null }): Promise<{ orders: NormalisedOrder[]; endCursor: string | null; hasNextPage: boolean }>;
  getInventoryPage(input: { after: string | null }): Promise<{ levels: NormalisedInventoryLevel[]; endCursor: string | null; hasNextPage: boolean }>;
  /** One inventory item (`gid://shopify/InventoryItem/…`) with its SKU and levels; null when the store has no such item. */
  getInventoryItem(id: string): Promise<{ sku: string | null; levels: NormalisedInventoryLevel[] } | null>;
  syncOrders(cursor: SyncCursor, options?: { maxPages?: number }): AsyncGenerator<SyncPageResult<NormalisedOrder>, SyncCursor>;
  /** Inventory has no reliable change filter, so each run reads every level (the catalogue is small). */
  syncInventory(cursor: SyncCursor, options?: { maxPages?: number }): AsyncGenerator<SyncPageResult<NormalisedInventoryLevel>, SyncCursor>;
  health(): { breaker: CircuitBreakerSnapshot; throttle: ThrottleStatus | null };
}

const costSchema = z.object({
  requestedQueryCost: z.number(),
  actualQueryCost: z.number().nullable(),
  throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() }),
});
const envelopeSchema = z.object({
  data: z.unknown().optional(),
  errors: z.union([z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).loose().optional() }).loose()), z.string()]).optional(),
  extensions: z.object({ cost: costSchema.optional() }).loose().optional(),
});
const pageInfoSchema = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
const ordersDataSchema = z.object({ orders: z.object({ pageInfo: pageInfoSchema, nodes: z.array(z.unknown()) }) });
const lineItemsDataSchema = z.object({ order: z.object({ lineItems: z.object({ pageInfo: pageInfoSchema, nodes: z.array(z.unknown()) }) }).nullable() });
const inventoryDataSchema = z.object({ inventoryItems: z.object({ pageInfo: pageInfoSchema, nodes: z.array(z.unknown()) }) });
const inventoryItemDataSchema = z.object({ inventoryItem: z.object({ sku: z.string().nullable().optional() }).loose().nullable() });

/**
 * Hand-written Admin GraphQL client for one store (see docs/decisions/0007-connector-clients.md).
 * Paces queries from `extensions.cost.throttleStatus`, maps `THROTTLED` (HTTP 200) and 429/5xx
 * to retryable errors, and shares the Shopify circuit breaker (3 failures in 30 s → open 60 s).
 */
export function createShopifyClient(config: ShopifyStoreConfig, options: ShopifyClientOptions = {}): ShopifyClient {
  if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i.test(config.shopDomain)) {
    throw new ConnectorError('INVALID_CONFIG', `shop domain must look like name.myshopify.com (got ${config.shopDomain})`, { integration: 'shopify' });
  }
  const store: ShopifyStoreContext = { shopDomain: config.shopDomain.toLowerCase(), channel: config.channel, region: config.region };
  const apiVersion = config.apiVersion ?? '2025-10';
  const endpoint = `${(config.baseUrl ?? `https://${config.shopDomain}`).replace(/\/+$/, '')}/admin/api/${apiVersion}/graphql.json`;
  const http = createHttpClient({ integration: 'shopify', timeoutMs: options.timeoutMs, fetch: options.fetch });
  const caller = createResilientCaller('shopify', options);
  const throttle: CostThrottle = createCostThrottle(caller.clock);
  const ordersFirst = Math.min(250, config.ordersPageSize ?? 10);
  const linesFirst = config.lineItemsPerOrder ?? 25;
  const refundLinesFirst = 10;
  const inventoryFirst = Math.min(250, config.inventoryPageSize ?? 15);

  async function graphql<T>(query: string, variables: Record<string, unknown>, estimatedCost: number): Promise<GraphqlResult<T>> {
    return caller.call('graphql', async () => {
      await throttle.waitFor(estimatedCost);
      const response = await http.send({
        method: 'POST',
        url: endpoint,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-shopify-access-token': config.accessToken },
        body: JSON.stringify({ query, variables }),
      });
      if (response.status !== 200) {
        let detail = `GraphQL ${store.shopDomain}`;
        try {
          const body = JSON.parse(response.text) as { errors?: unknown };
          if (body.errors) detail = typeof body.errors === 'string' ? body.errors : JSON.stringify(body.errors).slice(0, 200);
        } catch {
          // Non-JSON error pages (gateway HTML) keep the generic detail.
        }
        throw errorForStatus(response, 'shopify', detail);
      }
      const envelope = parseShopify(envelopeSchema, parseJsonBody(response, 'shopify'), 'GraphQL response');
      const cost = envelope.extensions?.cost ?? null;
      if (cost) throttle.update(cost.throttleStatus);
      if (envelope.errors && envelope.errors.length > 0) {
        const errors = typeof envelope.errors === 'string' ? [{ message: envelope.errors, extensions: undefined }] : envelope.errors;
        const code = errors.find((e) => e.extensions?.code)?.extensions?.code;
        if (code === 'THROTTLED') {
          const status = cost?.throttleStatus;
          const waitMs = status && status.restoreRate > 0 ? Math.ceil(((cost.requestedQueryCost - status.currentlyAvailable) / status.restoreRate) * 1000) : 1000;
          throw new ConnectorError('RATE_LIMITED', `Shopify THROTTLED (${store.shopDomain})`, { integration: 'shopify', status: 200, vendorCode: 'THROTTLED', retryAfterMs: Math.max(0, waitMs) });
        }
        if (envelope.data == null) {
          throw new ConnectorError('BAD_REQUEST', `GraphQL error${code ? ` ${code}` : ''}: ${errors.map((e) => e.message).join('; ').slice(0, 300)}`, { integration: 'shopify', status: 200, vendorCode: code });
        }
      }
      if (envelope.data == null) throw new ConnectorError('MALFORMED_RESPONSE', 'GraphQL response has no data', { integration: 'shopify', status: 200 });
      return { data: envelope.data as T, cost, apiVersion: response.headers.get('x-shopify-api-version') };
    });
  }

  async function remainingLineItems(orderId: string, after: string): Promise<unknown[]> {
    const nodes: unknown[] = [];
    let cursor: string | null = after;
    while (cursor) {
      const result: GraphqlResult<unknown> = await graphql<unknown>(ORDER_LINE_ITEMS_QUERY, { id: orderId, after: cursor, first: 100 }, estimateOrderLineItemsQueryCost(100));
      const data: z.infer<typeof lineItemsDataSchema> = parseShopify(lineItemsDataSchema, result.data, 'order line items');
      if (!data.order) break;
      nodes.push(...data.order.lineItems.nodes);
      cursor = data.order.lineItems.pageInfo.hasNextPage ? data.order.lineItems.pageInfo.endCursor : null;
    }
    return nodes;
  }

  async function getOrdersPage(input: { updatedSince: string | null; after: string | null }) {
    const result = await graphql<unknown>(
      ORDERS_QUERY,
      { first: ordersFirst, after: input.after, q: input.updatedSince ? `updated_at:>='${input.updatedSince}'` : null, lineItemsFirst: linesFirst, refundLinesFirst },
      estimateOrdersQueryCost(ordersFirst, linesFirst, refundLinesFirst),
    );
    const data = parseShopify(ordersDataSchema, result.data, 'orders');
    const orders: NormalisedOrder[] = [];
    for (const node of data.orders.nodes) {
      const order = parseShopify(gqlOrderSchema, node, 'order');
      const lines = [...order.lineItems.nodes];
      if (order.lineItems.pageInfo.hasNextPage && order.lineItems.pageInfo.endCursor) lines.push(...(await remainingLineItems(order.id, order.lineItems.pageInfo.endCursor)));
      orders.push(mapGraphqlOrder(order, lines, store));
    }
    return { orders, endCursor: data.orders.pageInfo.endCursor, hasNextPage: data.orders.pageInfo.hasNextPage };
  }

  async function getInventoryPage(input: { after: string | null }) {
    const result = await graphql<unknown>(INVENTORY_QUERY, { first: inventoryFirst, after: input.after, levelsFirst: 20 }, estimateInventoryQueryCost(inventoryFirst, 20));
    const data = parseShopify(inventoryDataSchema, result.data, 'inventory');
    return { levels: data.inventoryItems.nodes.flatMap((node) => mapInventoryItem(node, store)), endCursor: data.inventoryItems.pageInfo.endCursor, hasNextPage: data.inventoryItems.pageInfo.hasNextPage };
  }

  async function getInventoryItem(id: string) {
    const result = await graphql<unknown>(INVENTORY_ITEM_QUERY, { id, levelsFirst: 20 }, estimateInventoryItemQueryCost(20));
    const data = parseShopify(inventoryItemDataSchema, result.data, 'inventory item');
    if (!data.inventoryItem) return null;
    return { sku: data.inventoryItem.sku ?? null, levels: mapInventoryItem(data.inventoryItem, store) };
  }

  return {
    store,
    graphql,
    getOrdersPage,
    getInventoryPage,
    getInventoryItem,
    syncOrders(cursor, syncOptions = {}) {
      return syncResource({
        cursor,
        maxPages: syncOptions.maxPages,
        updatedAtOf: (o) => o.updatedAt,
        fetchPage: async ({ since, pageToken }) => {
          const page = await getOrdersPage({ updatedSince: since, after: pageToken });
          return { records: page.orders, nextPageToken: page.hasNextPage ? page.endCursor : null };
        },
      });
    },
    syncInventory(cursor, syncOptions = {}) {
      return syncResource({
        cursor,
        maxPages: syncOptions.maxPages,
        updatedAtOf: (l) => l.updatedAt,
        fetchPage: async ({ pageToken }) => {
          const page = await getInventoryPage({ after: pageToken });
          return { records: page.levels, nextPageToken: page.hasNextPage ? page.endCursor : null };
        },
      });
    },
    health: () => ({ breaker: caller.breaker.snapshot(), throttle: throttle.status() }),
  };
}

export interface ShopifyStores {
  /** Client of one shop by domain; throws INVALID_CONFIG for an unknown shop. */
  client(shopDomain: string): ShopifyClient;
  all(): ShopifyClient[];
  /** Webhook secret by `X-Shopify-Shop-Domain` (for {@link authenticateShopifyWebhook}). */
  secretForShop(shopDomain: string): string | undefined;
  storeContext(shopDomain: string): ShopifyStoreContext | undefined;
}

/**
 * Several stores, each with its own token, secret, breaker and cost bucket (Shopify limits are
 * per app and store, so one store's throttling never slows another).
 */
export function createShopifyStores(configs: ShopifyStoreConfig[], options: ShopifyClientOptions = {}): ShopifyStores {
  const clients = new Map<string, ShopifyClient>();
  const secrets = new Map<string, string>();
  for (const config of configs) {
    const domain = config.shopDomain.toLowerCase();
    if (clients.has(domain)) throw new ConnectorError('INVALID_CONFIG', `shop ${domain} is configured twice`, { integration: 'shopify' });
    // Each store gets its own breaker: never share the options' breaker across stores.
    clients.set(domain, createShopifyClient(config, { ...options, breaker: undefined }));
    secrets.set(domain, config.webhookSecret);
  }
  return {
    client(shopDomain) {
      const client = clients.get(shopDomain.toLowerCase());
      if (!client) throw new ConnectorError('INVALID_CONFIG', `no Shopify connection for ${shopDomain}`, { integration: 'shopify' });
      return client;
    },
    all: () => [...clients.values()],
    secretForShop: (shopDomain) => secrets.get(shopDomain.toLowerCase()),
    storeContext: (shopDomain) => clients.get(shopDomain.toLowerCase())?.store,
  };
}
