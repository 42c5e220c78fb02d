import type { Channel, Currency, Region } from '@sentia/contracts/common';
import { sql } from 'drizzle-orm';
import type { DbHandle, DbTransaction } from '../create-db.ts';
import { channels, currencies, permissions, regions, rolePermissions, roles } from '../schema.ts';
import { permissionCatalog, roleCatalog, rolePermissionMatrix } from './rbac-matrix.ts';

export const currencyData: ReadonlyArray<{ code: Currency; name: string; symbol: string }> = [
  { code: 'GBP', name: 'Pound sterling', symbol: '£' },
  { code: 'EUR', name: 'Euro', symbol: '€' },
  { code: 'USD', name: 'US dollar', symbol: '$' },
];

export const regionData: ReadonlyArray<{ code: Region; name: string; currency: Currency }> = [
  { code: 'UK', name: 'United Kingdom', currency: 'GBP' },
  { code: 'EU', name: 'European Union', currency: 'EUR' },
  { code: 'US', name: 'United States', currency: 'USD' },
];

/** Fee rates: Amazon's referral fee for spirits (15%) and Shopify Payments' card rate (~2.9%). */
export const channelData: ReadonlyArray<{ code: Channel; name: string; platform: 'AMAZON' | 'SHOPIFY'; homeRegion: Region; currency: Currency; feeRate: string }> = [
  { code: 'AMAZON_UK', name: 'Amazon UK (FBA)', platform: 'AMAZON', homeRegion: 'UK', currency: 'GBP', feeRate: '0.1500' },
  { code: 'AMAZON_EU', name: 'Amazon EU (FBA, Pan-European)', platform: 'AMAZON', homeRegion: 'EU', currency: 'EUR', feeRate: '0.1500' },
  { code: 'AMAZON_US', name: 'Amazon US (FBA)', platform: 'AMAZON', homeRegion: 'US', currency: 'USD', feeRate: '0.1500' },
  { code: 'SHOPIFY_UK', name: 'Shopify UK store', platform: 'SHOPIFY', homeRegion: 'UK', currency: 'GBP', feeRate: '0.0290' },
  { code: 'SHOPIFY_US', name: 'Shopify US store', platform: 'SHOPIFY', homeRegion: 'US', currency: 'USD', feeRate: '0.0290' },
];

/**
 * Writes the reference data every install needs (currencies, regions, channels, roles, permissions
 * and the role grants), demo or not. Idempotent: names are refreshed. Grants come from
 * `rolePermissionMatrix` only for a role or permission the database does not know yet: after the first
 * start the database is the source of truth, edited by administrators in the admin portal, and a restart
 * must not undo their edits. ADMIN always keeps `admin:manage`, so the matrix can always be repaired.
 */
export async function seedReferenceData(handle: DbHandle): Promise<void> {
  await handle.db.transaction((tx) => seedReferenceDataIn(tx));
}

/** `seedReferenceData` inside a caller's transaction. */
export async function seedReferenceDataIn(tx: DbTransaction): Promise<void> {
  await tx
    .insert(currencies)
    .values([...currencyData])
    .onConflictDoUpdate({ target: currencies.code, set: { name: sql`excluded.name`, symbol: sql`excluded.symbol` } });
  await tx
    .insert(regions)
    .values([...regionData])
    .onConflictDoUpdate({ target: regions.code, set: { name: sql`excluded.name`, currency: sql`excluded.currency` } });
  await tx
    .insert(channels)
    .values([...channelData])
    .onConflictDoUpdate({ target: channels.code, set: { name: sql`excluded.name`, platform: sql`excluded.platform`, homeRegion: sql`excluded.home_region`, currency: sql`excluded.currency` } });
  const knownRoles = new Set((await tx.select({ code: roles.code }).from(roles)).map((r) => r.code));
  const knownPermissions = new Set((await tx.select({ code: permissions.code }).from(permissions)).map((p) => p.code));
  await tx
    .insert(roles)
    .values([...roleCatalog])
    .onConflictDoUpdate({ target: roles.code, set: { name: sql`excluded.name`, description: sql`excluded.description`, rank: sql`excluded.rank` } });
  await tx
    .insert(permissions)
    .values(permissionCatalog.map((p) => ({ code: p.code, resource: p.code.split(':')[0] as string, action: p.code.split(':')[1] as string, description: p.description })))
    .onConflictDoUpdate({ target: permissions.code, set: { description: sql`excluded.description` } });
  for (const role of roleCatalog) {
    const isNewRole = !knownRoles.has(role.code);
    const granted = rolePermissionMatrix[role.code].filter((code) => isNewRole || !knownPermissions.has(code));
    if (role.code === 'ADMIN') granted.push('admin:manage');
    if (granted.length === 0) continue;
    await tx
      .insert(rolePermissions)
      .values(granted.map((permissionCode) => ({ roleCode: role.code, permissionCode })))
      .onConflictDoNothing();
  }
}
