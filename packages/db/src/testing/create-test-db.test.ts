import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLogs, currencies } from '../schema.ts';
import { createTestDb } from './create-test-db.ts';

describe('createTestDb', () => {
  it('when two test databases are created, then each is migrated, empty and isolated; when one is closed, then the next caller gets an empty one', async () => {
    const a = await createTestDb();
    const b = await createTestDb();
    try {
      await a.db.insert(currencies).values({ code: 'GBP', name: 'Pound sterling', symbol: '£' });
      await a.db.insert(auditLogs).values({ actor: 'test', actionType: 'CREATE', entityType: 'currency', entityId: 'GBP' });
      expect(await a.db.select().from(currencies)).toHaveLength(1);
      expect(await b.db.select().from(currencies)).toHaveLength(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    const c = await createTestDb();
    try {
      expect(await c.db.select().from(currencies)).toHaveLength(0);
      expect(await c.db.select().from(auditLogs)).toHaveLength(0);
    } finally {
      await c.close();
    }
    // The first call may build the migrated template (initdb + migrations), which is slow on a busy machine.
  }, 240_000);

  it('when called after the first time, then it takes under a second', async () => {
    await (await createTestDb()).close();
    // Best of three, so one stall on a shared machine does not decide the result.
    const timings: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const started = performance.now();
      const handle = await createTestDb();
      timings.push(performance.now() - started);
      try {
        const tables = await handle.db.execute<{ n: number }>(sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
        expect(tables.rows[0]?.n).toBeGreaterThan(30);
      } finally {
        await handle.close();
      }
    }
    expect(Math.min(...timings)).toBeLessThan(1000);
  });

  it.runIf(process.env.DATABASE_URL)('when a PostgreSQL test database is closed, then it is dropped', async () => {
    const handle = await createTestDb();
    const name = (await handle.db.execute<{ db: string }>(sql`select current_database() as db`)).rows[0]?.db;
    await handle.close();
    const { createDb } = await import('../create-db.ts');
    const admin = await createDb({ databaseUrl: process.env.DATABASE_URL });
    const found = await admin.db.execute(sql`select 1 from pg_database where datname = ${name}`);
    await admin.close();
    expect(name).toMatch(/^sentia_test_/);
    expect(found.rows).toHaveLength(0);
  });
});
