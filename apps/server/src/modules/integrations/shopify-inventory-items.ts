import { and, eq, sql } from 'drizzle-orm';
import type { NormalisedInventoryLevel } from '@sentia/contracts/integrations';
import { shopifyInventoryItems } from '@sentia/db/schema';
import type { IngestDb } from './source-records.ts';

/** `gid://shopify/InventoryLevel/<location>?inventory_item_id=<item>`, the level id the GraphQL sync stores as `sourceId`. */
const levelIdPattern = /^gid:\/\/shopify\/InventoryLevel\/(\d+)\?inventory_item_id=(\d+)$/;

export interface ShopifyInventoryLevelRef {
  sku: string | null;
  committed: number;
  unavailable: number;
  levelUpdatedAt: Date | null;
}

const whole = (value: string) => {
  const n = Number(value);
  return Number.isFinite(n) ? Math.max(0, Math.round(n)) : 0;
};

/**
 * Remembers, for one Shopify connection, which SKU each inventory item is and the committed and unavailable units of
 * each of its levels (unavailable = on hand − available − committed: damaged, quality control, safety stock), from
 * levels read through GraphQL (the inventory sync, or a targeted `inventoryItem` lookup). A level older than the one
 * remembered is not written back over it.
 */
export async function saveShopifyInventoryItems(db: IngestDb, connectionId: string, levels: NormalisedInventoryLevel[]): Promise<number> {
  const rows = levels.flatMap((level) => {
    const ids = levelIdPattern.exec(level.sourceId);
    if (!ids) return [];
    const committed = whole(level.reserved);
    return [
      {
        connectionId,
        locationId: ids[1]!,
        inventoryItemId: ids[2]!,
        sku: level.sku,
        committed,
        unavailable: Math.max(0, whole(level.onHand) - whole(level.available) - committed),
        levelUpdatedAt: level.updatedAt ? new Date(level.updatedAt) : null,
      },
    ];
  });
  if (rows.length === 0) return 0;
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  await db
    .insert(shopifyInventoryItems)
    .values(rows)
    .onConflictDoUpdate({
      target: [shopifyInventoryItems.connectionId, shopifyInventoryItems.inventoryItemId, shopifyInventoryItems.locationId],
      set: { sku: excluded('sku'), committed: excluded('committed'), unavailable: excluded('unavailable'), levelUpdatedAt: excluded('level_updated_at'), updatedAt: sql`now()` },
      setWhere: sql`${shopifyInventoryItems.levelUpdatedAt} is null or excluded.level_updated_at is null or excluded.level_updated_at >= ${shopifyInventoryItems.levelUpdatedAt}`,
    });
  return rows.length;
}

/** The remembered level of (item, location) in a store, or null when the sync has not seen it (look it up then). */
export async function findShopifyInventoryLevel(db: IngestDb, connectionId: string, inventoryItemId: string, locationId: string): Promise<ShopifyInventoryLevelRef | null> {
  const [row] = await db
    .select({ sku: shopifyInventoryItems.sku, committed: shopifyInventoryItems.committed, unavailable: shopifyInventoryItems.unavailable, levelUpdatedAt: shopifyInventoryItems.levelUpdatedAt })
    .from(shopifyInventoryItems)
    .where(and(eq(shopifyInventoryItems.connectionId, connectionId), eq(shopifyInventoryItems.inventoryItemId, inventoryItemId), eq(shopifyInventoryItems.locationId, locationId)));
  return row ?? null;
}

/** Marks a level as applied up to `updatedAt` (a webhook), so an older sync read does not roll its figures back. */
export async function touchShopifyInventoryLevel(db: IngestDb, connectionId: string, inventoryItemId: string, locationId: string, updatedAt: Date): Promise<void> {
  await db
    .update(shopifyInventoryItems)
    .set({ levelUpdatedAt: updatedAt, updatedAt: sql`now()` })
    .where(
      and(
        eq(shopifyInventoryItems.connectionId, connectionId),
        eq(shopifyInventoryItems.inventoryItemId, inventoryItemId),
        eq(shopifyInventoryItems.locationId, locationId),
        sql`(${shopifyInventoryItems.levelUpdatedAt} is null or ${shopifyInventoryItems.levelUpdatedAt} < ${updatedAt.toISOString()}::timestamptz)`,
      ),
    );
}
