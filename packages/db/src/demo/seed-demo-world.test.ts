import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../create-db.ts';
import { verifyPassword } from '../password-hash.ts';
import { createTestDb } from '../testing/create-test-db.ts';
import { demoAccounts } from './demo-accounts.ts';
import { type SeedDemoWorldResult, seedDemoWorld } from './seed-demo-world.ts';

describe('seedDemoWorld', () => {
  let handle: DbHandle;
  let first: SeedDemoWorldResult;
  beforeAll(async () => {
    handle = await createTestDb();
    first = await seedDemoWorld(handle, { seed: 11, endDate: '2026-03-31' });
  }, 180_000);
  afterAll(() => handle.close());

  const one = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => (await handle.db.execute<T>(query)).rows[0] as T;

  it('when run on an empty database, then it creates the company, users, roles and about two years of orders', async () => {
    expect(first.created).toBe(true);
    expect(first.counts.orders).toBeGreaterThan(20_000);
    expect(first.counts.users).toBe(4);
    expect(first.counts.roles).toBe(4);
    const span = await one<{ first: string; last: string }>(sql`select min(sales_date)::text as first, max(sales_date)::text as last from daily_sales`);
    expect(span.last).toBe('2026-03-31');
    expect(span.first <= '2024-03-31').toBe(true);
  });

  it('when run a second time, then it reports created:false and nothing is added', async () => {
    const second = await seedDemoWorld(handle, { seed: 99, endDate: '2026-03-31' });
    expect(second.created).toBe(false);
    expect(second.counts).toEqual(first.counts);
  });

  it('when seeded, then daily_sales agrees with the order lines it summarises, per currency', async () => {
    const rows = await handle.db.execute<{ currency: string; lines: string; daily: string; lines_units: number; daily_units: number }>(sql`
      with l as (select ol.currency, sum(ol.line_total) as total, sum(ol.quantity)::int as units from order_lines ol join orders o on o.id = ol.order_id where o.status <> 'CANCELLED' group by ol.currency),
           d as (select currency, sum(revenue) as total, sum(units)::int as units from daily_sales group by currency)
      select l.currency, l.total::text as lines, d.total::text as daily, l.units as lines_units, d.units as daily_units from l join d using (currency) order by 1`);
    expect(rows.rows).toHaveLength(3);
    for (const row of rows.rows) {
      expect(row.daily).toBe(row.lines);
      expect(row.daily_units).toBe(row.lines_units);
    }
  });

  it('when seeded, then every foreign key resolves (the embedded bulk load runs without per-row checks)', async () => {
    const orphans = await one<{ n: number }>(sql`select (
        (select count(*) from order_lines l left join orders o on o.id = l.order_id where o.id is null) +
        (select count(*) from order_lines l left join products p on p.sku = l.sku where p.sku is null) +
        (select count(*) from refunds r left join orders o on o.id = r.order_id where o.id is null) +
        (select count(*) from orders o left join customers c on c.id = o.customer_id where o.customer_id is not null and c.id is null) +
        (select count(*) from output_counts x left join production_orders p on p.id = x.production_order_id where p.id is null) +
        (select count(*) from output_counts x left join shifts s on s.id = x.shift_id where x.shift_id is not null and s.id is null) +
        (select count(*) from purchase_order_lines x left join purchase_orders p on p.id = x.purchase_order_id where p.id is null) +
        (select count(*) from ap_bills b left join suppliers s on s.id = b.supplier_id where s.id is null) +
        (select count(*) from ar_invoices a left join customers c on c.id = a.customer_id where c.id is null) +
        (select count(*) from stock_movements m left join warehouses w on w.code = m.warehouse_code where w.code is null)
      )::int as n`);
    expect(orphans.n).toBe(0);
  });

  it('when seeded, then the demo users sign in with the published passwords and hold their roles', async () => {
    const users = await handle.db.execute<{ email: string; role: string; password_hash: string }>(sql`select email, role, password_hash from users order by email`);
    for (const account of demoAccounts) {
      const user = users.rows.find((u) => u.email === account.email);
      expect(user?.role).toBe(account.role);
      expect(await verifyPassword(account.password, user?.password_hash ?? '')).toBe(true);
    }
    const grants = await one<{ n: number }>(sql`select count(*)::int as n from role_permissions where role_code = 'VIEWER' and permission_code like '%:write'`);
    expect(grants.n).toBe(0);
  });

  it('when seeded, then money sits in numeric columns and stock on hand matches the movements', async () => {
    const type = await one<{ data_type: string }>(sql`select data_type from information_schema.columns where table_name = 'orders' and column_name = 'total'`);
    expect(type.data_type).toBe('numeric');
    const mismatch = await one<{ n: number }>(sql`
      select count(*)::int as n from inventory i
      left join (select sku, warehouse_code, sum(quantity) as q from stock_movements group by 1, 2) m using (sku, warehouse_code)
      where i.quantity_on_hand <> greatest(coalesce(m.q, 0), 0)`);
    expect(mismatch.n).toBe(0);
  });

  it('when queried through db.query with relations, then an order comes back with its lines', async () => {
    const order = await handle.db.query.orders.findFirst({ where: (o, { isNotNull }) => isNotNull(o.customerId), with: { lines: true, customer: true } });
    expect(order?.lines.length).toBeGreaterThan(0);
    expect(order?.customer?.kind).toBe('WHOLESALE');
    expect(order?.lines.every((l) => l.currency === order.currency)).toBe(true);
  });
});
