import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type DbHandle, handleFromPglite, handleFromPool } from '../create-db.ts';
import { migrateDb, migrationsFolder } from '../migrate-db.ts';

let pgliteTemplate: Promise<Blob> | undefined;
let adminPool: pg.Pool | undefined;
let templateReady: Promise<string> | undefined;
let counter = 0;

/** Guards template creation across parallel test workers (and parallel test runs) on one server. */
const TEMPLATE_LOCK_KEY = 727_003_002;

/**
 * An isolated, migrated, empty database for one test file or test. With `DATABASE_URL` set it is a
 * fresh database on that server copied from a migrated template (built once per migration set and
 * reused), dropped again by `close()`; otherwise an in-memory PGlite loaded from a migrated data
 * directory (built once per migration set, cached on disk), which `close()` empties and keeps for
 * the next caller in the same process. Do not use a handle after closing it.
 */
export async function createTestDb(): Promise<DbHandle> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    return createPgliteTestDb();
  }
  return createPostgresTestDb(databaseUrl);
}

/** Closed test databases, emptied and ready for the next caller: starting a PGlite costs seconds, emptying one milliseconds. */
const idlePglites: PGlite[] = [];

async function createPgliteTestDb(): Promise<DbHandle> {
  let client = idlePglites.pop();
  if (!client) {
    pgliteTemplate ??= loadPgliteTemplate();
    client = await PGlite.create({ loadDataDir: await pgliteTemplate, relaxedDurability: true });
  }
  const open = client;
  const handle = handleFromPglite(open);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= emptyDatabase(open).then(
      () => void idlePglites.push(open),
      () => open.close(),
    );
    return closing;
  };
  return { ...handle, close };
}

/**
 * Truncates every table in `public` and restarts its sequences. Triggers are off for the statement
 * (session_replication_role = replica) because the audit log refuses TRUNCATE by design.
 */
async function emptyDatabase(client: PGlite): Promise<void> {
  const tables = await client.query<{ name: string }>(
    `select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname = 'public'`,
  );
  if (tables.rows.length === 0) return;
  await client.exec(
    `set session_replication_role = replica; truncate ${tables.rows.map((t) => t.name).join(', ')} restart identity cascade; set session_replication_role = origin;`,
  );
}

/**
 * A migrated PGlite data directory as a tarball. Vitest runs each test file in a fresh process, and
 * initdb plus migrations cost seconds there, so the tarball is cached in the OS temp dir keyed by the
 * migrations and PGlite version; every later process (and every later call) only loads it.
 */
async function loadPgliteTemplate(): Promise<Blob> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const packageJson = JSON.parse(await readFile(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const cacheDir = path.join(tmpdir(), 'sentia-test-db');
  const cacheFile = path.join(cacheDir, `pglite-${packageJson.version}-${migrationsHash()}.tar`);
  const lockFile = `${cacheFile}.lock`;
  await mkdir(cacheDir, { recursive: true });
  // Parallel test workers all want the template at once; one builds it while the others wait for the file.
  for (;;) {
    const cached = await readFile(cacheFile).catch(() => undefined);
    if (cached) return new Blob([cached]);
    const lock = await open(lockFile, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined;
      throw error;
    });
    if (!lock) {
      const age = await stat(lockFile).then((s) => Date.now() - s.mtimeMs).catch(() => 0);
      // A builder that died leaves its lock behind; building takes well under this even on a busy machine.
      if (age > 300_000) await rm(lockFile, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      await lock.close();
      const again = await readFile(cacheFile).catch(() => undefined);
      if (again) return new Blob([again]);
      const client = await PGlite.create({ relaxedDurability: true });
      await migrateDb(handleFromPglite(client));
      const dump = await client.dumpDataDir('none');
      await client.close();
      // Write then rename, so a concurrent process never reads a half-written tarball.
      const partial = `${cacheFile}.${process.pid}.${randomBytes(3).toString('hex')}`;
      await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
      await rename(partial, cacheFile);
      // Templates of older migration sets are dead weight (tens of MB each).
      for (const name of await readdir(cacheDir)) {
        if (name.startsWith('pglite-') && name.endsWith('.tar') && path.join(cacheDir, name) !== cacheFile) await rm(path.join(cacheDir, name), { force: true });
      }
      return dump;
    } finally {
      await rm(lockFile, { force: true });
    }
  }
}

async function createPostgresTestDb(databaseUrl: string): Promise<DbHandle> {
  adminPool ??= new pg.Pool({ connectionString: databaseUrl, max: 2, allowExitOnIdle: true });
  const admin = adminPool;
  templateReady ??= ensureTemplate(admin, databaseUrl).catch((error: unknown) => {
    templateReady = undefined;
    throw error;
  });
  const template = await templateReady;
  counter += 1;
  const name = `sentia_test_${process.pid}_${counter}_${randomBytes(3).toString('hex')}`;
  await createDatabaseFromTemplate(admin, name, template);
  const pool = new pg.Pool({ connectionString: withDatabase(databaseUrl, name), max: 5 });
  pool.on('error', () => undefined);
  return handleFromPool(pool, async () => {
    await admin.query(`drop database if exists ${quoteIdent(name)} with (force)`);
  });
}

/** Template databases are named after a hash of the migrations, so a changed migration gets a new template. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(file).update(readFileSync(path.join(migrationsFolder, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

async function ensureTemplate(admin: pg.Pool, databaseUrl: string): Promise<string> {
  const template = `sentia_tpl_${migrationsHash()}`;
  if (await databaseExists(admin, template)) return template;
  const client = await admin.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      if (await databaseExists(client, template)) return template;
      // Only the lock holder builds, so any half-built template left by a crashed run can go.
      const stale = await client.query<{ datname: string }>(`select datname from pg_database where datname like 'sentia\\_tplbuild\\_%'`);
      for (const row of stale.rows) await client.query(`drop database if exists ${quoteIdent(row.datname)} with (force)`);
      const building = `sentia_tplbuild_${randomBytes(4).toString('hex')}`;
      await client.query(`create database ${quoteIdent(building)}`);
      const pool = new pg.Pool({ connectionString: withDatabase(databaseUrl, building), max: 2 });
      try {
        await migrateDb(handleFromPool(pool));
      } finally {
        await pool.end();
      }
      // Renaming is atomic: other workers see either no template or a fully migrated one.
      await client.query(`alter database ${quoteIdent(building)} rename to ${quoteIdent(template)}`);
      // Templates of older migration sets are dead weight; one still being copied from is left for next time.
      const old = await client.query<{ datname: string }>(`select datname from pg_database where datname like 'sentia\\_tpl\\_%' and datname <> $1`, [template]);
      for (const row of old.rows) await client.query(`drop database if exists ${quoteIdent(row.datname)}`).catch(() => undefined);
      return template;
    } finally {
      await client.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

async function createDatabaseFromTemplate(admin: pg.Pool, name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await admin.query(`create database ${quoteIdent(name)} template ${quoteIdent(template)}`);
      return;
    } catch (error) {
      // 55006: the template is briefly in use (another worker copying it at the same instant).
      if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

async function databaseExists(client: pg.Pool | pg.PoolClient, name: string): Promise<boolean> {
  const result = await client.query('select 1 from pg_database where datname = $1', [name]);
  return (result.rowCount ?? 0) > 0;
}

function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
