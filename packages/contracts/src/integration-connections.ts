import { z } from 'zod';
import { channelSchema, currencySchema, regionSchema } from './common.ts';
import { circuitStateSchema } from './integrations.ts';

/**
 * HTTP contracts of the integrations module: connections (add, test, remove, replace credentials) and
 * the sync health page. Credentials are write-only: they appear in requests, never in a response.
 */

export const connectionProviderCodes = ['AMAZON', 'SHOPIFY', 'UNLEASHED'] as const;
export const connectionProviderSchema = z.enum(connectionProviderCodes);
export type ConnectionProvider = z.infer<typeof connectionProviderSchema>;

/** What a connection syncs, per provider, in the order a full sync runs them (suppliers before purchase orders). */
export const syncResourcesByProvider = {
  AMAZON: ['orders', 'inventory'],
  SHOPIFY: ['orders', 'inventory'],
  UNLEASHED: ['warehouses', 'products', 'suppliers', 'stock', 'purchase-orders', 'bills-of-materials', 'assemblies', 'sales-orders'],
} as const satisfies Record<ConnectionProvider, readonly string[]>;
export const syncResourceCodes = ['orders', 'inventory', 'products', 'suppliers', 'stock', 'purchase-orders', 'warehouses', 'bills-of-materials', 'assemblies', 'sales-orders'] as const;
export const syncResourceSchema = z.enum(syncResourceCodes);
export type SyncResourceCode = z.infer<typeof syncResourceSchema>;

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
const secretString = z.string().trim().min(1, 'is required').max(4096);
const name = z.string().trim().min(1).max(80);
const syncIntervalMinutes = z.number().int().min(1).max(1440).optional().describe('how often the scheduled sync runs (default 5; Unleashed 15, for its monthly quota)');

export const amazonConnectionConfigSchema = z.strictObject({
  region: z.enum(['na', 'eu', 'fe']),
  /** Marketplace codes served by the region's host, e.g. ["UK", "DE"] for EU. */
  marketplaces: z.array(z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter marketplace code')).min(1).max(20),
  endpoint: httpUrl.optional().describe('SP-API host override (sandbox)'),
  tokenUrl: httpUrl.optional().describe('LWA token URL override (sandbox)'),
  ordersApiVersion: z.enum(['v0', '2026-01-01']).optional(),
  /** How far back the first sync reads (default 730 days; Amazon keeps two years of orders). */
  initialLookbackDays: z.number().int().min(1).max(730).optional(),
  /** The seller id, used to match Amazon notifications to this connection. */
  sellerId: z.string().min(1).max(64).optional(),
  /** Usage-plan overrides per operation (Amazon adjusts Orders plans per seller; sandboxes run wide open). */
  usagePlans: z.record(z.string(), z.strictObject({ ratePerSecond: z.number().positive(), burst: z.number().int().positive() })).optional(),
  syncIntervalMinutes,
});
export const amazonCredentialsSchema = z.strictObject({
  clientId: secretString,
  clientSecret: secretString,
  refreshToken: secretString,
  /** API key the EventBridge API destination sends with notifications (webhooks module). */
  notificationApiKey: secretString.optional(),
});

export const shopifyConnectionConfigSchema = z.strictObject({
  shopDomain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'must be a store domain like example.myshopify.com'),
  channel: z.enum(['SHOPIFY_UK', 'SHOPIFY_US']),
  region: regionSchema,
  baseUrl: httpUrl.optional().describe('Admin API base override (sandbox)'),
  apiVersion: z.string().regex(/^\d{4}-\d{2}$/).optional(),
  /** Shopify location GID → warehouse code; levels at unmapped locations are not applied. */
  locationMap: z.record(z.string().min(1), z.string().min(1)).optional(),
  /** Orders per GraphQL page (default 10); one page must cost under Shopify's 1000-point single-query limit. */
  ordersPageSize: z.number().int().min(1).max(15).optional(),
  syncIntervalMinutes,
});
export const shopifyCredentialsSchema = z.strictObject({ accessToken: secretString, webhookSecret: secretString });

export const unleashedConnectionConfigSchema = z.strictObject({
  apiId: z.uuid('must be the API id (a GUID)'),
  baseUrl: httpUrl.optional().describe('API base override (sandbox)'),
  pageSize: z.number().int().min(1).max(1000).optional(),
  /** Calls allowed per month by the Unleashed plan; syncs stop (QUOTA_EXHAUSTED) before it is used up. */
  monthlyQuota: z.number().int().positive().optional(),
  /** Warehouse code in Unleashed → ours, where they differ. */
  locationMap: z.record(z.string().min(1), z.string().min(1)).optional(),
  /**
   * Sales channel that ERP-native wholesale orders are reported under, per order currency (default GBP →
   * SHOPIFY_UK, USD → SHOPIFY_US: the B2B stores); orders in other currencies are rejected until mapped.
   */
  wholesaleChannels: z.partialRecord(currencySchema, channelSchema).optional(),
  /** Work centre for assemblies of a SKU never produced here before (default: the first bottling line). */
  assemblyWorkCentre: z.string().min(1).max(40).optional(),
  syncIntervalMinutes,
});
export const unleashedCredentialsSchema = z.strictObject({ apiKey: secretString });

export const createConnectionSchema = z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.literal('AMAZON'), name, config: amazonConnectionConfigSchema, credentials: amazonCredentialsSchema }),
  z.strictObject({ provider: z.literal('SHOPIFY'), name, config: shopifyConnectionConfigSchema, credentials: shopifyCredentialsSchema }),
  z.strictObject({ provider: z.literal('UNLEASHED'), name, config: unleashedConnectionConfigSchema, credentials: unleashedCredentialsSchema }),
]);
export type CreateConnection = z.infer<typeof createConnectionSchema>;

/**
 * Replaces a connection's credentials (all fields of its provider). The server tries them with one authenticated call
 * first and keeps the old ones when that fails, unless `saveIfTestFails` (the vendor is down while a leaked key must go).
 */
export const replaceCredentialsSchema = z.strictObject({
  credentials: z.union([amazonCredentialsSchema, shopifyCredentialsSchema, unleashedCredentialsSchema]),
  saveIfTestFails: z.boolean().optional(),
});
export type ReplaceCredentials = z.infer<typeof replaceCredentialsSchema>;

export const credentialFieldsByProvider = {
  AMAZON: ['clientId', 'clientSecret', 'refreshToken', 'notificationApiKey'],
  SHOPIFY: ['accessToken', 'webhookSecret'],
  UNLEASHED: ['apiKey'],
} as const satisfies Record<ConnectionProvider, readonly string[]>;

export const breakerViewSchema = z.object({
  state: circuitStateSchema,
  recentFailures: z.number().int().nonnegative(),
  openedAt: z.string().nullable(),
  /** When an open breaker lets the next trial call through. */
  retryAt: z.string().nullable(),
  lastFailure: z.string().nullable(),
});
export type BreakerView = z.infer<typeof breakerViewSchema>;

export const rateLimitViewSchema = z.object({
  /** Lowest remaining share of any limit the connector tracks (token bucket, cost bucket, monthly quota), 0–100. */
  headroomPercent: z.number().min(0).max(100),
  detail: z.string(),
});

export const resourceHealthSchema = z.object({
  resource: syncResourceSchema,
  state: z.enum(['never', 'running', 'ok', 'failing', 'skipped']),
  lastStartedAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  /**
   * How far behind the source the stored data may be: seconds since the last successful run started (changes made
   * at the source after that are not in yet); null before the first success.
   */
  lagSeconds: z.number().int().nullable(),
  recordsLastRun: z.number().int().nullable(),
  rejectedLastRun: z.number().int().nullable(),
  consecutiveFailures: z.number().int(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
});
export type ResourceHealth = z.infer<typeof resourceHealthSchema>;

export const connectionDeadLetterSchema = z.object({ id: z.string(), jobId: z.string(), resource: z.string(), error: z.string(), attempts: z.number().int(), failedAt: z.string() });

export const connectionHealthSchema = z.object({
  id: z.uuid(),
  provider: connectionProviderSchema,
  name: z.string(),
  status: z.enum(['ACTIVE', 'DISABLED', 'ERROR']),
  /** The non-secret settings as stored. */
  config: z.record(z.string(), z.unknown()),
  /** Names of the credential fields that are set; their values are never returned. */
  credentialFields: z.array(z.string()),
  syncIntervalMinutes: z.number().int(),
  createdAt: z.string(),
  resources: z.array(resourceHealthSchema),
  /** Share of failed runs in the last 24 hours. */
  errorRate: z.object({ runs: z.number().int(), failed: z.number().int(), percent: z.number().nullable() }),
  breaker: breakerViewSchema.nullable(),
  rateLimit: rateLimitViewSchema.nullable(),
  healthUpdatedAt: z.string().nullable(),
  lastTest: z.object({ at: z.string(), ok: z.boolean(), message: z.string() }).nullable(),
  deadLetters: z.array(connectionDeadLetterSchema),
});
export type ConnectionHealth = z.infer<typeof connectionHealthSchema>;

export const syncHealthSchema = z.object({
  connections: z.array(connectionHealthSchema),
  /** True when any connection's breaker is open: the dashboards show stored (cached) data for that source. */
  degraded: z.boolean(),
  generatedAt: z.string(),
});
export type SyncHealth = z.infer<typeof syncHealthSchema>;

export const connectionTestResultSchema = z.object({ ok: z.boolean(), message: z.string(), at: z.string() });
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

/** What replacing credentials did: the test of the new credentials, and whether they were stored. */
export const replaceCredentialsResultSchema = z.object({ saved: z.boolean(), test: connectionTestResultSchema });
export type ReplaceCredentialsResult = z.infer<typeof replaceCredentialsResultSchema>;

export const syncNowSchema = z.strictObject({ resource: syncResourceSchema.optional().describe('one resource; all of the connection\'s resources when omitted') });
export const syncNowResultSchema = z.object({ jobs: z.array(z.object({ resource: syncResourceSchema, jobId: z.string(), deduplicated: z.boolean() })) });

/** A source whose circuit breaker is open: shown beside the data-freshness badge. */
export const degradedSourceSchema = z.object({ name: z.string(), provider: connectionProviderSchema, state: circuitStateSchema, retryAt: z.string().nullable() });
export type DegradedSource = z.infer<typeof degradedSourceSchema>;
