import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDb } from './create-db.ts';
import { migrateDb } from './migrate-db.ts';
import { auditLogs } from './schema.ts';
import { createTestDb } from './testing/create-test-db.ts';

const expectedTables = [
  'users', 'roles', 'permissions', 'role_permissions', 'sessions', 'audit_logs',
  'products', 'bill_of_materials', 'warehouses', 'inventory', 'stock_movements',
  'regions', 'channels', 'orders', 'order_lines', 'refunds', 'daily_sales',
  'suppliers', 'purchase_orders', 'purchase_order_lines', 'work_centres', 'equipment', 'shifts',
  'production_orders', 'downtime_events', 'output_counts', 'quality_checks',
  'ar_invoices', 'ap_bills', 'cash_balances', 'fx_rates', 'forecast_runs', 'forecast_values',
  'forecast_accuracy', 'alerts', 'integration_connections', 'sync_state', 'webhook_deliveries', 'feature_flags',
  'kpi_metrics', 'financial_metrics', 'cash_flow_projections', 'companies', 'customers', 'materials', 'supplier_materials',
];

describe('migrateDb', () => {
  it('when run on a fresh database, then every domain table exists; when run again, then nothing changes', async () => {
    const handle = process.env.DATABASE_URL ? await createTestDb() : await createDb({});
    try {
      if (handle.kind === 'pglite') await migrateDb(handle);
      const before = await handle.db.execute<{ table_name: string }>(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      );
      const names = before.rows.map((r) => r.table_name);
      expect(names).toEqual(expect.arrayContaining(expectedTables));
      await migrateDb(handle);
      const applied = await handle.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect(applied.rows[0]?.n).toBeGreaterThanOrEqual(2);
      const after = await handle.db.execute<{ table_name: string }>(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      );
      expect(after.rows.map((r) => r.table_name)).toEqual(names);
    } finally {
      await handle.close();
    }
  });

  it.runIf(process.env.DATABASE_URL)('when two processes migrate the same empty PostgreSQL database at once, then both succeed and it is migrated once', async () => {
    const target = await createEmptyPostgresDatabase();
    try {
      const [a, b] = await Promise.all([createDb({ databaseUrl: target.url }), createDb({ databaseUrl: target.url })]);
      await Promise.all([migrateDb(a), migrateDb(b)]);
      const applied = await a.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const files = await a.db.execute<{ n: number }>(sql`select count(distinct hash)::int as n from drizzle.__drizzle_migrations`);
      await Promise.all([a.close(), b.close()]);
      expect(applied.rows[0]?.n).toBe(files.rows[0]?.n);
      expect(applied.rows[0]?.n).toBeGreaterThanOrEqual(2);
    } finally {
      await target.drop();
    }
  });
});

describe('audit_logs', () => {
  it('when a row is updated or deleted, then the database refuses; when inserted, then it is kept', async () => {
    const handle = await createTestDb();
    try {
      const [row] = await handle.db
        .insert(auditLogs)
        .values({ actor: 'admin@sentia.demo', actionType: 'USER_CREATED', entityType: 'user', entityId: 'u1', newValues: { role: 'VIEWER' } })
        .returning();
      expect(row?.id).toBeDefined();
      await expect(causeOf(handle.db.update(auditLogs).set({ actor: 'someone else' }))).resolves.toMatch(/append-only: UPDATE/);
      await expect(causeOf(handle.db.delete(auditLogs))).resolves.toMatch(/append-only: DELETE/);
      await expect(causeOf(handle.db.execute(sql`truncate audit_logs`))).resolves.toMatch(/append-only: TRUNCATE/);
      const rows = await handle.db.select().from(auditLogs);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.actor).toBe('admin@sentia.demo');
    } finally {
      await handle.close();
    }
  });
});

/** Drizzle wraps driver errors ("Failed query: …"); the database's own message is on `cause`. */
async function causeOf(query: PromiseLike<unknown>): Promise<string> {
  try {
    await query;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : String(error);
  }
  return 'no error';
}

async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL as string;
  const admin = await createDb({ databaseUrl: base });
  const name = `sentia_migrate_race_${process.pid}_${Date.now()}`;
  await admin.db.execute(sql.raw(`create database "${name}"`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
      await admin.close();
    },
  };
}
