import { count, eq, getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbHandle, DbTransaction } from '../create-db.ts';
import { hashPassword } from '../password-hash.ts';
import { seedReferenceDataIn } from '../reference/seed-reference-data.ts';
import * as schema from '../schema.ts';
import { demoAccounts } from './demo-accounts.ts';
import { demoParameters } from './demo-parameters.ts';
import { type DemoTables, generateDemoWorld } from './generate-demo-world.ts';

/** The seed used when none is given, so every fresh install shows the same company. */
export const DEFAULT_DEMO_SEED = 20_260_101;

/** Serialises concurrent seeders (two processes starting on one PostgreSQL database). */
const SEED_LOCK_KEY = 727_003_003;
const CHUNK_ROWS = 5_000;

/** Tables in foreign-key order, paired with the generator's row arrays. */
const demoTables: ReadonlyArray<[keyof DemoTables, PgTable]> = [
  ['products', schema.products],
  ['productPrices', schema.productPrices],
  ['materials', schema.materials],
  ['billOfMaterials', schema.billOfMaterials],
  ['warehouses', schema.warehouses],
  ['customers', schema.customers],
  ['suppliers', schema.suppliers],
  ['supplierMaterials', schema.supplierMaterials],
  ['workCentres', schema.workCentres],
  ['productRoutings', schema.productRoutings],
  ['equipment', schema.equipment],
  ['fxRates', schema.fxRates],
  ['orders', schema.orders],
  ['orderLines', schema.orderLines],
  ['refunds', schema.refunds],
  ['dailySales', schema.dailySales],
  ['inventory', schema.inventory],
  ['materialInventory', schema.materialInventory],
  ['stockMovements', schema.stockMovements],
  ['shifts', schema.shifts],
  ['productionOrders', schema.productionOrders],
  ['outputCounts', schema.outputCounts],
  ['downtimeEvents', schema.downtimeEvents],
  ['qualityChecks', schema.qualityChecks],
  ['purchaseOrders', schema.purchaseOrders],
  ['purchaseOrderLines', schema.purchaseOrderLines],
  ['arInvoices', schema.arInvoices],
  ['apBills', schema.apBills],
  ['cashBalances', schema.cashBalances],
  ['demandEvents', schema.demandEvents],
];

export type SeedDemoWorldResult = {
  /** False when the demo company already existed and nothing was written. */
  created: boolean;
  /** Rows per table (database counts, so they are comparable between calls). */
  counts: Record<string, number>;
  ms: number;
};

/**
 * Seeds reference data, the four demo users and the Sentia Spirits demo world (about two years of
 * history ending at `endDate`, default today UTC) in ONE transaction, so a crash leaves nothing
 * half-written. Idempotent: if the demo company exists it returns `created: false` and writes nothing.
 */
export async function seedDemoWorld(handle: DbHandle, opts?: { seed?: number; endDate?: string }): Promise<SeedDemoWorldResult> {
  const started = performance.now();
  const seed = opts?.seed ?? DEFAULT_DEMO_SEED;
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const endDate = opts?.endDate ?? today;
  if (endDate > today) throw new Error(`endDate ${endDate} is in the future`);
  if (await demoCompanyExists(handle.db)) {
    return { created: false, counts: await countRows(handle.db), ms: Math.round(performance.now() - started) };
  }
  // Generating and hashing happen outside the transaction: they need no database and take a while.
  const world = generateDemoWorld({ seed, endDate, cutoff: endDate === today ? now : undefined });
  const passwordHashes = await Promise.all(demoAccounts.map((account) => hashPassword(account.password)));
  const created = await handle.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    if (await demoCompanyExists(tx)) return false;
    await seedReferenceDataIn(tx);
    // Bulk load on the embedded database without per-row foreign-key triggers (the generator builds
    // consistent keys, and the same rows load with checks on in the PostgreSQL test run). PGlite's
    // user is a superuser; a managed PostgreSQL role usually is not, so there checks stay on.
    if (handle.kind === 'pglite') await tx.execute(sql`set local session_replication_role = replica`);
    await tx.insert(schema.companies).values(world.company);
    for (const [name, table] of demoTables) await bulkInsert(tx, table, world.tables[name] as Array<Record<string, unknown>>);
    await tx
      .insert(schema.users)
      .values(demoAccounts.map((account, i) => ({ email: account.email, name: account.name, role: account.role, passwordHash: passwordHashes[i] as string })))
      .onConflictDoNothing();
    return true;
  });
  return { created, counts: await countRows(handle.db), ms: Math.round(performance.now() - started) };
}

async function demoCompanyExists(db: DbHandle['db'] | DbTransaction): Promise<boolean> {
  const rows = await db.select({ id: schema.companies.id }).from(schema.companies).where(eq(schema.companies.code, demoParameters.company.code));
  return rows.length > 0;
}

async function countRows(db: DbHandle['db']): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, table] of [...demoTables, ['users', schema.users] as const, ['roles', schema.roles] as const, ['rolePermissions', schema.rolePermissions] as const]) {
    const [row] = await db.select({ n: count() }).from(table);
    counts[name] = row?.n ?? 0;
  }
  return counts;
}

/**
 * Inserts rows with one `INSERT … SELECT FROM unnest($1::type[], $2::type[], …)` per chunk: one
 * array parameter per column, so a 5,000-row chunk is a dozen parameters rather than 60,000 and
 * works the same on PGlite and node-postgres.
 */
async function bulkInsert(tx: DbTransaction, table: PgTable, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = getTableColumns(table);
  const keys = Object.keys(first).filter((k) => k in columns);
  const target = sql.raw(`"${getTableName(table)}"`);
  const names = sql.raw(keys.map((k) => `"${(columns[k] as { name: string }).name}"`).join(', '));
  // unnest flattens array parameters of array columns: such tables (a few rows each) take a plain insert
  if (keys.some((k) => (columns[k] as { getSQLType(): string }).getSQLType().endsWith('[]'))) {
    for (let offset = 0; offset < rows.length; offset += 500) await tx.insert(table).values(rows.slice(offset, offset + 500) as never);
    return;
  }
  for (let offset = 0; offset < rows.length; offset += CHUNK_ROWS) {
    const chunk = rows.slice(offset, offset + CHUNK_ROWS);
    const arrays = keys.map((k) => {
      const column = columns[k] as { getSQLType(): string };
      const values = chunk.map((row) => {
        const value = row[k];
        if (value === undefined || value === null) return null;
        return value instanceof Date ? value.toISOString() : value;
      });
      // Sent as text[] and cast on the server: PGlite cannot serialise arrays of enum types it has no OID for.
      return sql`${sql.param(values)}::text[]::${sql.raw(column.getSQLType())}[]`;
    });
    await tx.execute(sql`insert into ${target} (${names}) select * from unnest(${sql.join(arrays, sql`, `)})`);
  }
}
