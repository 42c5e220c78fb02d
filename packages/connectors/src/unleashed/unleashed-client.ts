import { z } from 'zod';
import type { Region } from '@sentia/contracts/common';
import type {
  NormalisedAssembly,
  NormalisedBillOfMaterials,
  NormalisedInventoryLevel,
  NormalisedOrder,
  NormalisedProduct,
  NormalisedPurchaseOrder,
  NormalisedSupplier,
  NormalisedWarehouse,
  SyncCursor,
} from '@sentia/contracts/integrations';
import type { CircuitBreakerSnapshot } from '../shared/circuit-breaker.ts';
import { ConnectorError } from '../shared/connector-error.ts';
import { type FetchLike, createHttpClient, errorForStatus, parseJsonBody } from '../shared/http-client.ts';
import { type ResilienceOptions, createResilientCaller } from '../shared/resilient-caller.ts';
import { type SyncPageResult, syncResource } from '../shared/sync-resource.ts';
import {
  type UnleashedContext,
  mapUnleashedAssembly,
  mapUnleashedBillOfMaterials,
  mapUnleashedProduct,
  mapUnleashedPurchaseOrder,
  mapUnleashedSalesOrder,
  mapUnleashedStockOnHand,
  mapUnleashedSupplier,
  mapUnleashedWarehouse,
  parseUnleashed,
} from './map-unleashed.ts';
import { type MonthlyQuota, type MonthlyQuotaSnapshot } from './monthly-quota.ts';
import { formatUnleashedFilterDate } from './parse-unleashed-date.ts';
import { buildUnleashedQuery, unleashedSignature } from './unleashed-signature.ts';

export const defaultUnleashedBaseUrl = 'https://api.unleashedsoftware.com';

export interface UnleashedConnectionConfig {
  /** `api-auth-id` (a GUID). */
  apiId: string;
  /** API key: the HMAC key; never sent. */
  apiKey: string;
  /** `client-type` header, `partner/app` lower-case. */
  clientType?: string;
  baseUrl?: string;
  /** Records per page, 1–1000 (default 500: fewer calls against the monthly quota). */
  pageSize?: number;
  /** Region for wholesale orders in a currency outside GBP/EUR/USD. */
  defaultRegion?: Region;
  /** Sign decoded values (default, as the community TS client does) or exactly what is sent. */
  signDecoded?: boolean;
}

export interface UnleashedClientOptions extends ResilienceOptions {
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Monthly call budget; without it calls are not counted. */
  quota?: MonthlyQuota;
}

/** Each resource the connector reads, with its path and normalised type. */
export interface UnleashedResources {
  products: NormalisedProduct;
  stockOnHand: NormalisedInventoryLevel;
  salesOrders: NormalisedOrder;
  purchaseOrders: NormalisedPurchaseOrder;
  assemblies: NormalisedAssembly;
  billsOfMaterials: NormalisedBillOfMaterials;
  warehouses: NormalisedWarehouse;
  suppliers: NormalisedSupplier;
}
export type UnleashedResourceName = keyof UnleashedResources;

interface ResourceDefinition<T> {
  path: string;
  paginated: boolean;
  supportsModifiedSince: boolean;
  map(raw: unknown, ctx: UnleashedContext): T;
  updatedAtOf(record: T): string | null;
}

const definitions: { [K in UnleashedResourceName]: ResourceDefinition<UnleashedResources[K]> } = {
  products: { path: 'Products', paginated: true, supportsModifiedSince: true, map: mapUnleashedProduct, updatedAtOf: (r) => r.updatedAt },
  stockOnHand: { path: 'StockOnHand', paginated: true, supportsModifiedSince: true, map: mapUnleashedStockOnHand, updatedAtOf: (r) => r.updatedAt },
  salesOrders: { path: 'SalesOrders', paginated: true, supportsModifiedSince: true, map: mapUnleashedSalesOrder, updatedAtOf: (r) => r.updatedAt },
  purchaseOrders: { path: 'PurchaseOrders', paginated: true, supportsModifiedSince: true, map: mapUnleashedPurchaseOrder, updatedAtOf: (r) => r.updatedAt },
  assemblies: { path: 'Assemblies', paginated: true, supportsModifiedSince: true, map: mapUnleashedAssembly, updatedAtOf: (r) => r.updatedAt },
  // Not among the paginated endpoints and without modifiedSince: read whole each run.
  billsOfMaterials: { path: 'BillOfMaterials', paginated: false, supportsModifiedSince: false, map: mapUnleashedBillOfMaterials, updatedAtOf: (r) => r.updatedAt },
  warehouses: { path: 'Warehouses', paginated: true, supportsModifiedSince: true, map: mapUnleashedWarehouse, updatedAtOf: (r) => r.updatedAt },
  suppliers: { path: 'Suppliers', paginated: true, supportsModifiedSince: true, map: mapUnleashedSupplier, updatedAtOf: (r) => r.updatedAt },
};

export type UnleashedFilters = Record<string, string | number | boolean | undefined>;

export interface UnleashedPage<T> {
  records: T[];
  pageNumber: number;
  numberOfPages: number;
  numberOfItems: number | null;
}

export interface UnleashedClient {
  /** One page of a resource (1-based), optionally changed since an instant, with extra documented filters. */
  listPage<K extends UnleashedResourceName>(resource: K, input?: { page?: number; modifiedSince?: string | null; filters?: UnleashedFilters }): Promise<UnleashedPage<UnleashedResources[K]>>;
  /** Incremental sync of a resource with `modifiedSince` = watermark − overlap and page-number paging. */
  sync<K extends UnleashedResourceName>(resource: K, cursor: SyncCursor, options?: { maxPages?: number; filters?: UnleashedFilters }): AsyncGenerator<SyncPageResult<UnleashedResources[K]>, SyncCursor>;
  health(): { breaker: CircuitBreakerSnapshot; quota: MonthlyQuotaSnapshot | null };
}

const envelopeSchema = z.object({
  Pagination: z.object({ NumberOfItems: z.number().int().optional(), PageSize: z.number().int().optional(), PageNumber: z.number().int(), NumberOfPages: z.number().int() }).optional(),
  Items: z.array(z.unknown()),
});

/**
 * Hand-written Unleashed client (no kept library signs requests): HMAC-SHA256 signature of the
 * query string, path page numbers, `/Date(ms)/` parsing, the monthly quota, retries and the
 * Unleashed breaker (5 failures in 120 s → open 300 s).
 */
export function createUnleashedClient(config: UnleashedConnectionConfig, options: UnleashedClientOptions = {}): UnleashedClient {
  if (!config.apiId || !config.apiKey) throw new ConnectorError('INVALID_CONFIG', 'Unleashed needs an API id and key', { integration: 'unleashed' });
  const pageSize = config.pageSize ?? 500;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new ConnectorError('INVALID_CONFIG', 'Unleashed pageSize must be 1–1000', { integration: 'unleashed' });
  const baseUrl = (config.baseUrl ?? defaultUnleashedBaseUrl).replace(/\/+$/, '');
  const http = createHttpClient({ integration: 'unleashed', timeoutMs: options.timeoutMs, fetch: options.fetch });
  const caller = createResilientCaller('unleashed', options);
  const ctx: UnleashedContext = { account: config.apiId, defaultRegion: config.defaultRegion ?? 'UK' };

  async function listPage<K extends UnleashedResourceName>(resource: K, input: { page?: number; modifiedSince?: string | null; filters?: UnleashedFilters } = {}): Promise<UnleashedPage<UnleashedResources[K]>> {
    const def = definitions[resource] as ResourceDefinition<UnleashedResources[K]>;
    const page = input.page ?? 1;
    const params: UnleashedFilters = { ...input.filters };
    if (def.paginated) params.pageSize = pageSize;
    if (input.modifiedSince && def.supportsModifiedSince) params.modifiedSince = formatUnleashedFilterDate(input.modifiedSince);
    const query = buildUnleashedQuery(params, { signDecoded: config.signDecoded });
    const url = `${baseUrl}/${def.path}${def.paginated ? `/${page}` : ''}${query.sent ? `?${query.sent}` : ''}`;
    const body = await caller.call(resource, async () => {
      options.quota?.consume();
      const response = await http.send({
        url,
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          'api-auth-id': config.apiId,
          'api-auth-signature': unleashedSignature(query.signed, config.apiKey),
          'client-type': config.clientType ?? 'sentia/dashboardsync',
        },
      });
      if (response.status === 200) return parseJsonBody(response, 'unleashed');
      let description = `${def.path} page ${page}`;
      try {
        const err = JSON.parse(response.text) as { Description?: unknown; description?: unknown };
        const text = err.Description ?? err.description;
        if (typeof text === 'string') description = text;
      } catch {
        // Unleashed error bodies are not always JSON (unverified schema, C.6).
      }
      if (response.status === 403) throw errorForStatus(response, 'unleashed', `signature or API credentials rejected: ${description}`);
      throw errorForStatus(response, 'unleashed', description);
    });
    const envelope = parseUnleashed(envelopeSchema, body, `${def.path} response`);
    return {
      records: envelope.Items.map((item) => def.map(item, ctx)),
      pageNumber: envelope.Pagination?.PageNumber ?? page,
      numberOfPages: envelope.Pagination?.NumberOfPages ?? 1,
      numberOfItems: envelope.Pagination?.NumberOfItems ?? null,
    };
  }

  return {
    listPage,
    sync(resource, cursor, syncOptions = {}) {
      const def = definitions[resource];
      return syncResource({
        cursor,
        maxPages: syncOptions.maxPages,
        updatedAtOf: (r) => (def.updatedAtOf as (x: typeof r) => string | null)(r),
        fetchPage: async ({ since, pageToken }) => {
          const page = pageToken === null ? 1 : Number(pageToken);
          const result = await listPage(resource, { page, modifiedSince: since, filters: syncOptions.filters });
          return { records: result.records, nextPageToken: def.paginated && result.pageNumber < result.numberOfPages ? String(result.pageNumber + 1) : null };
        },
      });
    },
    health: () => ({ breaker: caller.breaker.snapshot(), quota: options.quota?.snapshot() ?? null }),
  };
}
