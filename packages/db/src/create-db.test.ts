import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { DbConnectionError, createDb } from './create-db.ts';
import { migrateDb } from './migrate-db.ts';
import { currencies, regions } from './schema.ts';

describe('createDb', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('when given a data dir, then PGlite keeps migrated data across a reopen', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sentia-db-'));
    dirs.push(dir);
    const first = await createDb({ dataDir: dir });
    expect(first.kind).toBe('pglite');
    await migrateDb(first);
    await first.db.insert(currencies).values({ code: 'GBP', name: 'Pound sterling', symbol: '£' });
    await first.db.insert(regions).values({ code: 'UK', name: 'United Kingdom', currency: 'GBP' });
    await first.close();

    const second = await createDb({ dataDir: dir });
    await migrateDb(second);
    const rows = await second.db.select().from(regions);
    await second.close();
    expect(rows.map((r) => r.code)).toEqual(['UK']);
  });

  it('when DATABASE_URL points at a closed port, then it throws DbConnectionError naming DATABASE_URL and the reason', async () => {
    const error = await createDb({ databaseUrl: 'postgres://app:secret@127.0.0.1:1/nothing' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DbConnectionError);
    const message = (error as Error).message;
    expect(message).toContain('DATABASE_URL');
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).not.toContain('secret');
  });

  it('when DATABASE_URL is not a postgres URL, then it throws DbConnectionError without trying to connect', async () => {
    await expect(createDb({ databaseUrl: 'mysql://localhost/db' })).rejects.toThrow(/DATABASE_URL must start with postgres:\/\//);
    await expect(createDb({ databaseUrl: 'not a url' })).rejects.toBeInstanceOf(DbConnectionError);
  });

  it.runIf(process.env.DATABASE_URL)('when DATABASE_URL is reachable, then it returns a postgres handle', async () => {
    const handle = await createDb({ databaseUrl: process.env.DATABASE_URL });
    expect(handle.kind).toBe('postgres');
    const result = await handle.db.execute<{ one: number }>(sql`select 1 as one`);
    await handle.close();
    expect(result.rows[0]?.one).toBe(1);
  });
});
