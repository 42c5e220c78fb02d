import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant, updatedAt } from './columns.ts';
import { channelCode } from './reference.ts';

export const connectionStatus = pgEnum('connection_status', ['ACTIVE', 'DISABLED', 'ERROR']);

/**
 * A configured source system (an Amazon SP-API seller account, a Shopify store, Unleashed ERP).
 * Secrets are never stored in `config`; `credentialsEncrypted` holds them encrypted by the server.
 */
export const integrationConnections = pgTable(
  'integration_connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provider: text('provider').notNull(),
    name: text('name').notNull(),
    channelCode: channelCode('channel_code'),
    status: connectionStatus('status').notNull().default('ACTIVE'),
    config: jsonb('config').notNull().default({}),
    credentialsEncrypted: text('credentials_encrypted'),
    /**
     * Last known connector health, written by whichever process ran the connection's sync (circuit breaker
     * snapshot, rate-limit headroom, last connection test), so the sync health page and the dashboard's
     * "source degraded" notice see it from any API process.
     */
    health: jsonb('health').notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('integration_connections_provider_name_key').on(t.provider, t.name), check('integration_connections_provider_check', sql`${t.provider} in ('AMAZON', 'SHOPIFY', 'UNLEASHED')`)],
);

/** Incremental sync cursor and health per connection × resource (orders, inventory, …). */
export const syncState = pgTable(
  'sync_state',
  {
    connectionId: uuid('connection_id').notNull().references(() => integrationConnections.id, { onDelete: 'cascade' }),
    resource: text('resource').notNull(),
    cursor: text('cursor'),
    lastStartedAt: instant('last_started_at'),
    lastSuccessAt: instant('last_success_at'),
    lastErrorAt: instant('last_error_at'),
    lastError: text('last_error'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    recordsSynced: bigint('records_synced', { mode: 'number' }).notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.resource] })],
);

/**
 * Shopify inventory item → SKU per store (connection), learned from the GraphQL inventory sync: an
 * `inventory_levels/update` webhook names the item and location, not the SKU. Each level keeps the committed and
 * unavailable units last read, so a webhook (which carries `available` only) gives the on-hand figure without a
 * call; an item or location not seen yet is looked up through the connector instead.
 */
export const shopifyInventoryItems = pgTable(
  'shopify_inventory_items',
  {
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => integrationConnections.id, { onDelete: 'cascade' }),
    /** Numeric id of the InventoryItem (the webhook's `inventory_item_id`). */
    inventoryItemId: text('inventory_item_id').notNull(),
    /** Numeric id of the Location. */
    locationId: text('location_id').notNull(),
    sku: text('sku'),
    committed: integer('committed').notNull().default(0),
    unavailable: integer('unavailable').notNull().default(0),
    levelUpdatedAt: instant('level_updated_at'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.inventoryItemId, t.locationId] })],
);

export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', ['RECEIVED', 'PROCESSED', 'FAILED', 'DUPLICATE']);

/** Inbound webhook deliveries, unique per provider delivery id so redeliveries are recognised. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provider: text('provider').notNull(),
    connectionId: uuid('connection_id').references(() => integrationConnections.id, { onDelete: 'set null' }),
    deliveryId: text('delivery_id').notNull(),
    topic: text('topic').notNull(),
    isSignatureValid: boolean('is_signature_valid').notNull(),
    payload: jsonb('payload').notNull(),
    status: webhookDeliveryStatus('status').notNull().default('RECEIVED'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    receivedAt: createdAt(),
    processedAt: instant('processed_at'),
  },
  (t) => [uniqueIndex('webhook_deliveries_provider_delivery_key').on(t.provider, t.deliveryId), index('webhook_deliveries_received_idx').on(t.receivedAt)],
);

/**
 * The source's own version of every record an ingest path wrote (orders, inventory levels, products,
 * suppliers, purchase orders), keyed by the local identity of the row (`order` → `CHANNEL|externalId`,
 * `inventory` → `SKU@WAREHOUSE`, …). `sourceUpdatedAt` lets an older delivery be ignored when a newer one
 * was already applied (webhooks and polls arrive out of order); `contentHash` makes a re-run a no-op.
 */
export const integrationRecords = pgTable(
  'integration_records',
  {
    entity: text('entity').notNull(),
    recordKey: text('record_key').notNull(),
    source: text('source').notNull(),
    account: text('account').notNull(),
    sourceId: text('source_id').notNull(),
    sourceUpdatedAt: instant('source_updated_at'),
    contentHash: text('content_hash').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.entity, t.recordKey] }), index('integration_records_source_idx').on(t.source, t.account, t.sourceId)],
);

/** One run of a connection × resource sync: the sync health page's history (records, error rate, lag). */
export const syncRuns = pgTable(
  'sync_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    connectionId: uuid('connection_id').notNull().references(() => integrationConnections.id, { onDelete: 'cascade' }),
    resource: text('resource').notNull(),
    trigger: text('trigger').notNull(),
    jobId: text('job_id'),
    status: text('status').notNull(),
    startedAt: instant('started_at').notNull().defaultNow(),
    finishedAt: instant('finished_at'),
    recordsFetched: integer('records_fetched').notNull().default(0),
    recordsWritten: integer('records_written').notNull().default(0),
    recordsRejected: integer('records_rejected').notNull().default(0),
    errorCode: text('error_code'),
    error: text('error'),
  },
  (t) => [
    index('sync_runs_connection_started_idx').on(t.connectionId, t.startedAt),
    check('sync_runs_status_check', sql`${t.status} in ('running', 'succeeded', 'failed', 'skipped')`),
  ],
);
