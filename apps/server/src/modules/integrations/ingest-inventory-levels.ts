import { and, eq, inArray } from 'drizzle-orm';
import type { NormalisedInventoryLevel } from '@sentia/contracts/integrations';
import { inventory, materialInventory, materials, products, stockMovements, warehouses } from '@sentia/db/schema';
import { Dec } from '@sentia/domain/money/money';
import type { IngestRejection } from './ingest-orders.ts';
import { compareWithStored, contentHash, type IngestDb, loadSourceRecords, lockRecordKeys, saveSourceRecords } from './source-records.ts';

export interface IngestInventoryOptions {
  /**
   * Source location → warehouse code (a Shopify location GID, an Unleashed warehouse code that differs from
   * ours). Locations that are neither mapped nor a warehouse code are ignored, not rejected: a store's
   * locations often mirror stock the ERP already reports, and only mapped ones are authoritative.
   */
  locationMap?: Record<string, string>;
  now?: Date;
}

export interface IngestInventoryResult {
  inserted: number;
  updated: number;
  unchanged: number;
  stale: number;
  /** Levels at a location no warehouse is mapped to. */
  ignored: number;
  rejected: IngestRejection[];
  /** Finished-goods SKUs whose stock moved (for `inventory.changed`). */
  affectedSkus: string[];
}

/**
 * Applies stock levels (absolute snapshots) from a source: finished goods to `inventory`, materials to
 * `material_inventory`, in the caller's transaction. A changed on-hand quantity also writes an ADJUSTMENT
 * stock movement of the difference, so the movement ledger still adds up to the stock. Levels identical to
 * the stored ones, or older than the version already applied, change nothing. Amazon FBA levels (location =
 * marketplace) land in the FBA warehouse of their region; levels aggregated across locations (no location)
 * are ignored unless mapped under the key `*`.
 */
export async function ingestInventoryLevels(db: IngestDb, levels: NormalisedInventoryLevel[], opts: IngestInventoryOptions = {}): Promise<IngestInventoryResult> {
  const now = opts.now ?? new Date();
  const result: IngestInventoryResult = { inserted: 0, updated: 0, unchanged: 0, stale: 0, ignored: 0, rejected: [], affectedSkus: [] };
  if (levels.length === 0) return result;
  const warehouseRows = await db.select({ code: warehouses.code, kind: warehouses.kind, region: warehouses.region }).from(warehouses);
  const warehouseCodes = new Set(warehouseRows.map((w) => w.code));
  const resolve = (level: NormalisedInventoryLevel): string | null => {
    const mapped = opts.locationMap?.[level.locationId ?? '*'];
    if (mapped) return mapped;
    if (level.locationId && warehouseCodes.has(level.locationId)) return level.locationId;
    if (level.source === 'amazon' && level.region) return warehouseRows.find((w) => w.kind === 'FBA' && w.region === level.region)?.code ?? null;
    return null;
  };
  const skus = [...new Set(levels.map((l) => l.sku).filter((s): s is string => s !== null))];
  const productSkus = new Set(skus.length ? (await db.select({ sku: products.sku }).from(products).where(inArray(products.sku, skus))).map((p) => p.sku) : []);
  const materialCodes = new Set(skus.length ? (await db.select({ code: materials.code }).from(materials).where(inArray(materials.code, skus))).map((m) => m.code) : []);

  const prepared = new Map<string, { level: NormalisedInventoryLevel; sku: string; warehouse: string; isMaterial: boolean; onHand: Dec; reserved: Dec; hash: string }>();
  for (const level of levels) {
    const warehouse = resolve(level);
    if (!warehouse) {
      result.ignored += 1;
      continue;
    }
    if (!warehouseCodes.has(warehouse)) {
      result.rejected.push({ sourceId: level.sourceId, reason: `location ${level.locationId} maps to unknown warehouse ${warehouse}` });
      continue;
    }
    if (!level.sku) {
      result.rejected.push({ sourceId: level.sourceId, reason: 'level has no SKU' });
      continue;
    }
    const isMaterial = !productSkus.has(level.sku) && materialCodes.has(level.sku);
    if (!productSkus.has(level.sku) && !isMaterial) {
      result.rejected.push({ sourceId: level.sourceId, reason: `unknown SKU ${level.sku}` });
      continue;
    }
    const onHand = new Dec(level.onHand);
    const reserved = new Dec(level.reserved);
    if (!isMaterial && (!onHand.isInteger() || !reserved.isInteger() || reserved.lt(0))) {
      result.rejected.push({ sourceId: level.sourceId, reason: `quantities must be whole numbers with reserved ≥ 0 (on hand ${level.onHand}, reserved ${level.reserved})` });
      continue;
    }
    const key = `${level.sku}@${warehouse}`;
    const seen = prepared.get(key);
    if (seen && (seen.level.updatedAt ?? '') > (level.updatedAt ?? '')) {
      result.unchanged += 1;
      continue;
    }
    if (seen) result.unchanged += 1;
    prepared.set(key, { level, sku: level.sku, warehouse, isMaterial, onHand, reserved, hash: contentHash({ onHand: onHand.toString(), reserved: reserved.toString() }) });
  }
  const keys = [...prepared.keys()];
  if (keys.length === 0) return result;
  await lockRecordKeys(db, 'inventory', keys);
  const stored = await loadSourceRecords(db, 'inventory', keys);
  const affected = new Set<string>();
  const written = [];
  for (const [key, p] of prepared) {
    const freshness = compareWithStored(stored.get(key), p.level.updatedAt ? new Date(p.level.updatedAt) : null, p.hash);
    if (freshness === 'older') {
      result.stale += 1;
      continue;
    }
    if (p.isMaterial) {
      const [current] = await db.select().from(materialInventory).where(and(eq(materialInventory.materialCode, p.sku), eq(materialInventory.warehouseCode, p.warehouse)));
      if (current && new Dec(current.quantityOnHand).eq(p.onHand)) result.unchanged += 1;
      else {
        await db
          .insert(materialInventory)
          .values({ materialCode: p.sku, warehouseCode: p.warehouse, quantityOnHand: p.onHand.toFixed(4), updatedAt: now })
          .onConflictDoUpdate({ target: [materialInventory.materialCode, materialInventory.warehouseCode], set: { quantityOnHand: p.onHand.toFixed(4), updatedAt: now } });
        if (current) result.updated += 1;
        else result.inserted += 1;
      }
    } else {
      const [current] = await db.select().from(inventory).where(and(eq(inventory.sku, p.sku), eq(inventory.warehouseCode, p.warehouse)));
      const onHand = p.onHand.toNumber();
      const reserved = p.reserved.toNumber();
      if (current && current.quantityOnHand === onHand && current.quantityReserved === reserved) result.unchanged += 1;
      else {
        if (current) {
          await db.update(inventory).set({ quantityOnHand: onHand, quantityReserved: reserved, updatedAt: now }).where(eq(inventory.id, current.id));
          result.updated += 1;
        } else {
          await db.insert(inventory).values({ sku: p.sku, warehouseCode: p.warehouse, quantityOnHand: onHand, quantityReserved: reserved, updatedAt: now });
          result.inserted += 1;
        }
        const difference = onHand - (current?.quantityOnHand ?? 0);
        if (difference !== 0) {
          await db.insert(stockMovements).values({
            occurredAt: p.level.updatedAt ? new Date(p.level.updatedAt) : now,
            sku: p.sku,
            warehouseCode: p.warehouse,
            movementType: 'ADJUSTMENT',
            quantity: difference,
            referenceType: `sync:${p.level.source}`,
            referenceId: p.level.sourceId,
            notes: `stock level from ${p.level.source} (${p.level.account})`,
          });
        }
        affected.add(p.sku);
      }
    }
    written.push({ recordKey: key, source: p.level.source, account: p.level.account, sourceId: p.level.sourceId, sourceUpdatedAt: p.level.updatedAt ? new Date(p.level.updatedAt) : null, contentHash: p.hash });
  }
  const changedOrNew = written.filter((w) => stored.get(w.recordKey)?.contentHash !== w.contentHash || (w.sourceUpdatedAt && stored.get(w.recordKey)?.sourceUpdatedAt?.getTime() !== w.sourceUpdatedAt.getTime()));
  await saveSourceRecords(db, 'inventory', changedOrNew, now);
  result.affectedSkus = [...affected].sort();
  return result;
}
