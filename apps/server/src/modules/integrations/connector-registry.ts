import type { ConnectionProvider, SyncResourceCode } from '@sentia/contracts/integration-connections';
import { emptySyncCursor, type NormalisedInventoryLevel, type NormalisedOrder, type SyncCursor, syncCursorSchema } from '@sentia/contracts/integrations';
import { type AmazonClient, createAmazonClient } from '@sentia/connectors/amazon/amazon-client';
import type { SpApiOperation } from '@sentia/connectors/amazon/amazon-config';
import type { CircuitBreakerSnapshot } from '@sentia/connectors/shared/circuit-breaker';
import type { Clock } from '@sentia/connectors/shared/clock';
import { ConnectorError } from '@sentia/connectors/shared/connector-error';
import type { SyncPageResult } from '@sentia/connectors/shared/sync-resource';
import { createShopifyClient, type ShopifyClient } from '@sentia/connectors/shopify/shopify-client';
import { createMonthlyQuota } from '@sentia/connectors/unleashed/monthly-quota';
import { createUnleashedClient, type UnleashedClient } from '@sentia/connectors/unleashed/unleashed-client';
import type { integrationConnections } from '@sentia/db/schema';
import { openCredentials } from './integrations-secret-key.ts';

export type ConnectionRow = typeof integrationConnections.$inferSelect;

/** One page of a resource sync, with the cursor (serialised for `sync_state.cursor`) to store beside its records. */
export interface ResourcePage {
  kind: 'orders' | 'inventory' | 'products' | 'suppliers' | 'purchase-orders' | 'warehouses' | 'bills-of-materials' | 'assemblies' | 'sales-orders';
  records: unknown[];
  cursor: string;
}

export interface ConnectorHealth {
  breaker: CircuitBreakerSnapshot;
  rateLimit: { headroomPercent: number; detail: string } | null;
  /** Unleashed monthly-quota usage to persist, so the count survives restarts. */
  quota?: { used: number; periodStart: string } | undefined;
}

/** The connector of one connection, kept for the process lifetime so its breaker, buckets and tokens persist between runs. */
export interface ConnectorHandle {
  connectionId: string;
  provider: ConnectionProvider;
  /** Row version the client was built from; a changed row (new credentials, settings) builds a new client. */
  version: number;
  account: string;
  sync(resource: SyncResourceCode, storedCursor: string | null): AsyncGenerator<ResourcePage>;
  /** One cheap authenticated call: proves host, credentials and permissions. */
  test(): Promise<string>;
  /** Amazon: one order with its items (getOrder + getOrderItems through the client's buckets and breaker), after an ORDER_CHANGE. */
  fetchOrder?(orderId: string): Promise<NormalisedOrder>;
  /** Shopify: one inventory item's SKU and levels (GraphQL `inventoryItem`), for an `inventory_levels/update` of an unknown item. */
  fetchInventoryItem?(inventoryItemId: string): Promise<{ sku: string | null; levels: NormalisedInventoryLevel[] } | null>;
  health(): ConnectorHealth;
}

export interface ConnectorRegistryOptions {
  key: () => Buffer | null;
  clock?: Clock;
  /** Shortens the connectors' 2/4/8 s backoff (tests). */
  retryBaseDelayMs?: number;
  timeoutMs?: number;
}

const parseCursor = (text: string | null): SyncCursor => {
  if (!text) return emptySyncCursor;
  const parsed = syncCursorSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : emptySyncCursor;
};
/** Per-location cursors (Amazon marketplaces, Unleashed warehouses) in one `sync_state` row. */
const parseCursorMap = (text: string | null): Record<string, SyncCursor> => {
  if (!text) return {};
  const value = JSON.parse(text) as unknown;
  if (!value || typeof value !== 'object' || 'watermark' in value) return {};
  const out: Record<string, SyncCursor> = {};
  for (const [k, v] of Object.entries(value)) {
    const parsed = syncCursorSchema.safeParse(v);
    if (parsed.success) out[k] = parsed.data;
  }
  return out;
};

async function* pages<T>(kind: ResourcePage['kind'], run: AsyncGenerator<SyncPageResult<T>, SyncCursor>, wrap: (cursor: SyncCursor) => string): AsyncGenerator<ResourcePage> {
  for await (const page of run) yield { kind, records: page.records, cursor: wrap(page.cursor) };
}

const str = (record: Record<string, unknown>, name: string): string => {
  const value = record[name];
  if (typeof value !== 'string' || value === '') throw new ConnectorError('INVALID_CONFIG', `credential ${name} is missing`);
  return value;
};

function percent(available: number, capacity: number): number {
  return capacity > 0 ? Math.max(0, Math.min(100, Math.round((available / capacity) * 100))) : 100;
}

function unsupported(provider: string, resource: string): never {
  throw new ConnectorError('INVALID_CONFIG', `${provider} connections do not sync ${resource}`);
}

/**
 * Builds and keeps one connector client per connection (README of `@sentia/connectors`: the breaker, token
 * buckets, Shopify cost state and LWA token live inside the client). Credentials are decrypted only here,
 * only to build a client, and never leave it.
 */
export function createConnectorRegistry(options: ConnectorRegistryOptions) {
  const handles = new Map<string, ConnectorHandle>();
  const resilience = () => ({
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.retryBaseDelayMs !== undefined ? { retry: { baseDelayMs: options.retryBaseDelayMs } } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });

  function build(row: ConnectionRow): ConnectorHandle {
    if (!row.credentialsEncrypted) throw new ConnectorError('INVALID_CONFIG', 'the connection has no credentials');
    const creds = openCredentials(options.key(), row.id, row.credentialsEncrypted);
    const config = (row.config ?? {}) as Record<string, unknown>;
    const version = row.updatedAt.getTime();
    const provider = row.provider as ConnectionProvider;
    if (provider === 'AMAZON') {
      const marketplaces = (config.marketplaces as string[] | undefined) ?? [];
      const client: AmazonClient = createAmazonClient(
        {
          account: (config.sellerId as string | undefined) ?? row.name,
          region: config.region as 'na' | 'eu' | 'fe',
          ...(config.endpoint ? { endpoint: config.endpoint as string } : {}),
          ...(config.tokenUrl ? { tokenUrl: config.tokenUrl as string } : {}),
          clientId: str(creds, 'clientId'),
          clientSecret: str(creds, 'clientSecret'),
          refreshToken: str(creds, 'refreshToken'),
          marketplaces,
          ...(config.ordersApiVersion ? { ordersApiVersion: config.ordersApiVersion as 'v0' | '2026-01-01' } : {}),
          ...(config.initialLookbackDays ? { initialLookbackDays: config.initialLookbackDays as number } : {}),
          ...(config.usagePlans ? { usagePlans: config.usagePlans as Partial<Record<SpApiOperation, { ratePerSecond: number; burst: number }>> } : {}),
        },
        resilience(),
      );
      return {
        connectionId: row.id,
        provider,
        version,
        account: (config.sellerId as string | undefined) ?? row.name,
        async *sync(resource, stored) {
          if (resource === 'orders') {
            yield* pages('orders', client.syncOrders(parseCursor(stored)), (c) => JSON.stringify(c));
          } else if (resource === 'inventory') {
            const byMarketplace = parseCursorMap(stored);
            for (const marketplace of marketplaces) {
              yield* pages('inventory', client.syncInventory(marketplace, byMarketplace[marketplace] ?? emptySyncCursor), (c) => {
                byMarketplace[marketplace] = c;
                return JSON.stringify(byMarketplace);
              });
            }
          } else unsupported('Amazon', resource);
        },
        fetchOrder: (orderId) => client.getOrder(orderId),
        async test() {
          const page = await client.getInventorySummariesPage({ marketplace: marketplaces[0]! });
          return `signed in with LWA; ${marketplaces.join(', ')} inventory readable (${page.levels.length} SKUs on the first page)`;
        },
        health() {
          const h = client.health();
          const ops = Object.entries(h.rateLimits);
          const lowest = ops.reduce<{ op: string; pct: number } | null>((low, [op, b]) => {
            const pct = percent(b.available, b.burst);
            return !low || pct < low.pct ? { op, pct } : low;
          }, null);
          return { breaker: h.breaker, rateLimit: lowest ? { headroomPercent: lowest.pct, detail: ops.map(([op, b]) => `${op} ${Math.floor(b.available)}/${b.burst}`).join(', ') } : null };
        },
      };
    }
    if (provider === 'SHOPIFY') {
      const client: ShopifyClient = createShopifyClient(
        {
          shopDomain: config.shopDomain as string,
          accessToken: str(creds, 'accessToken'),
          webhookSecret: str(creds, 'webhookSecret'),
          channel: config.channel as 'SHOPIFY_UK' | 'SHOPIFY_US',
          region: config.region as 'UK' | 'EU' | 'US',
          ...(config.baseUrl ? { baseUrl: config.baseUrl as string } : {}),
          ...(config.apiVersion ? { apiVersion: config.apiVersion as string } : {}),
          ...(config.ordersPageSize ? { ordersPageSize: config.ordersPageSize as number } : {}),
        },
        resilience(),
      );
      return {
        connectionId: row.id,
        provider,
        version,
        account: (config.shopDomain as string).toLowerCase(),
        async *sync(resource, stored) {
          if (resource === 'orders') yield* pages('orders', client.syncOrders(parseCursor(stored)), (c) => JSON.stringify(c));
          else if (resource === 'inventory') yield* pages('inventory', client.syncInventory(parseCursor(stored)), (c) => JSON.stringify(c));
          else unsupported('Shopify', resource);
        },
        fetchInventoryItem: (inventoryItemId) => client.getInventoryItem(inventoryItemId),
        async test() {
          const page = await client.getInventoryPage({ after: null });
          return `Admin API reachable for ${client.store.shopDomain} (${page.levels.length} inventory levels on the first page)`;
        },
        health() {
          const h = client.health();
          return { breaker: h.breaker, rateLimit: h.throttle ? { headroomPercent: percent(h.throttle.currentlyAvailable, h.throttle.maximumAvailable), detail: `cost bucket ${Math.floor(h.throttle.currentlyAvailable)}/${h.throttle.maximumAvailable}, restores ${h.throttle.restoreRate}/s` } : null };
        },
      };
    }
    if (provider === 'UNLEASHED') {
      const stored = ((row.health ?? {}) as { quota?: { used: number; periodStart: string } }).quota;
      const quota = typeof config.monthlyQuota === 'number' ? createMonthlyQuota({ limit: config.monthlyQuota, used: stored?.used ?? 0, ...(stored ? { periodStart: stored.periodStart } : {}), reserve: Math.ceil(config.monthlyQuota * 0.05), ...(options.clock ? { clock: options.clock } : {}) }) : undefined;
      const client: UnleashedClient = createUnleashedClient(
        {
          apiId: config.apiId as string,
          apiKey: str(creds, 'apiKey'),
          ...(config.baseUrl ? { baseUrl: config.baseUrl as string } : {}),
          ...(config.pageSize ? { pageSize: config.pageSize as number } : {}),
        },
        { ...resilience(), ...(quota ? { quota } : {}) },
      );
      return {
        connectionId: row.id,
        provider,
        version,
        account: config.apiId as string,
        async *sync(resource, storedCursor) {
          const whole = (c: SyncCursor) => JSON.stringify(c);
          if (resource === 'products') yield* pages('products', client.sync('products', parseCursor(storedCursor)), whole);
          else if (resource === 'suppliers') yield* pages('suppliers', client.sync('suppliers', parseCursor(storedCursor)), whole);
          else if (resource === 'purchase-orders') yield* pages('purchase-orders', client.sync('purchaseOrders', parseCursor(storedCursor)), whole);
          else if (resource === 'warehouses') yield* pages('warehouses', client.sync('warehouses', parseCursor(storedCursor)), whole);
          else if (resource === 'bills-of-materials') yield* pages('bills-of-materials', client.sync('billsOfMaterials', parseCursor(storedCursor)), whole);
          else if (resource === 'assemblies') yield* pages('assemblies', client.sync('assemblies', parseCursor(storedCursor)), whole);
          else if (resource === 'sales-orders') yield* pages('sales-orders', client.sync('salesOrders', parseCursor(storedCursor)), whole);
          else if (resource === 'stock') {
            // Without a warehouse filter Unleashed aggregates stock across warehouses; read each warehouse on its own.
            const warehouses: string[] = [];
            for await (const page of client.sync('warehouses', emptySyncCursor)) warehouses.push(...page.records.filter((w) => !w.obsolete).map((w) => w.code));
            const byWarehouse = parseCursorMap(storedCursor);
            for (const code of warehouses) {
              yield* pages('inventory', client.sync('stockOnHand', byWarehouse[code] ?? emptySyncCursor, { filters: { warehouseCode: code } }), (c) => {
                byWarehouse[code] = c;
                return JSON.stringify(byWarehouse);
              });
            }
          } else unsupported('Unleashed', resource);
        },
        async test() {
          const page = await client.listPage('warehouses', { page: 1 });
          return `signed requests accepted (${page.records.length} warehouses)`;
        },
        health() {
          const h = client.health();
          const q = h.quota;
          return {
            breaker: h.breaker,
            rateLimit: q ? { headroomPercent: percent(q.remaining, q.limit), detail: `monthly quota ${q.used}/${q.limit} calls, resets ${q.resetsAt.slice(0, 10)}` } : null,
            quota: q ? { used: q.used, periodStart: q.periodStart } : undefined,
          };
        },
      };
    }
    throw new ConnectorError('INVALID_CONFIG', `unknown provider ${row.provider}`);
  }

  return {
    /** The connection's connector, rebuilt when the row changed since it was built. */
    get(row: ConnectionRow): ConnectorHandle {
      const existing = handles.get(row.id);
      if (existing && existing.version === row.updatedAt.getTime()) return existing;
      const handle = build(row);
      handles.set(row.id, handle);
      return handle;
    },
    /**
     * A connector for `row` that is not kept: its own breaker and buckets, so trying credentials that may be wrong
     * (before they replace the stored ones) never opens the live connector's breaker.
     */
    probe(row: ConnectionRow): ConnectorHandle {
      return build(row);
    },
    peek(connectionId: string): ConnectorHandle | undefined {
      return handles.get(connectionId);
    },
    forget(connectionId: string): void {
      handles.delete(connectionId);
    },
  };
}
export type ConnectorRegistry = ReturnType<typeof createConnectorRegistry>;
