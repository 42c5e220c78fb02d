import type { Channel, Currency, Region, Role } from '@sentia/contracts/common';
import { and, eq, sql } from 'drizzle-orm';
import type { DbHandle, DbTransaction } from '../create-db.ts';
import { channels, currencies, permissions, rbacSeededGrants, regions, rolePermissions, roles } from '../schema.ts';
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
 * and the role grants), demo or not. Idempotent: names are refreshed. Grants are a three-way merge: what
 * `rolePermissionMatrix` changed since the last seeding (kept in rbac_seeded_grants) is granted or revoked, and
 * every other grant is left as it is, because administrators edit the matrix in the admin portal and a restart
 * must not undo that. A database seeded before that table existed gets the matrix exactly, once. ADMIN always
 * keeps `admin:manage`, so the matrix can always be repaired.
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
  await tx
    .insert(roles)
    .values([...roleCatalog])
    .onConflictDoUpdate({ target: roles.code, set: { name: sql`excluded.name`, description: sql`excluded.description`, rank: sql`excluded.rank` } });
  await tx
    .insert(permissions)
    .values(permissionCatalog.map((p) => ({ code: p.code, resource: p.code.split(':')[0] as string, action: p.code.split(':')[1] as string, description: p.description })))
    .onConflictDoUpdate({ target: permissions.code, set: { description: sql`excluded.description` } });
  await mergeGrants(tx);
}

type Grant = { roleCode: Role; permissionCode: string };
const grantKey = (g: Grant) => `${g.roleCode}|${g.permissionCode}`;

async function mergeGrants(tx: DbTransaction): Promise<void> {
  const target: Grant[] = roleCatalog.flatMap((role) => rolePermissionMatrix[role.code].map((permissionCode) => ({ roleCode: role.code, permissionCode })));
  const seeded = await tx.select().from(rbacSeededGrants);
  if (seeded.length === 0) {
    // First seeding, or a database from before rbac_seeded_grants: the matrix as it is in the code.
    await tx.delete(rolePermissions);
    await tx.insert(rolePermissions).values(target);
  } else {
    const before = new Set(seeded.map(grantKey));
    const after = new Set(target.map(grantKey));
    const added = target.filter((g) => !before.has(grantKey(g)));
    const removed = seeded.filter((g) => !after.has(grantKey(g)));
    if (added.length > 0) await tx.insert(rolePermissions).values(added).onConflictDoNothing();
    for (const g of removed) await tx.delete(rolePermissions).where(and(eq(rolePermissions.roleCode, g.roleCode), eq(rolePermissions.permissionCode, g.permissionCode)));
  }
  await tx.insert(rolePermissions).values({ roleCode: 'ADMIN', permissionCode: 'admin:manage' }).onConflictDoNothing();
  await tx.delete(rbacSeededGrants);
  await tx.insert(rbacSeededGrants).values(target);
}
