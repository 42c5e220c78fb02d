import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema.ts';

export type Schema = typeof schema;

/** What both drivers' raw results (`db.execute(sql…)`) have in common: `rows`. */
export interface DbQueryResultHKT extends PgQueryResultHKT {
  readonly type: DbRawResult<this['row']>;
}
export type DbRawResult<TRow> = { rows: TRow[] };

/** A drizzle database with the schema attached (`db.query.*` works), the same type for PGlite and PostgreSQL. */
export type Db = PgDatabase<DbQueryResultHKT, Schema>;

/** The `tx` a `db.transaction(async (tx) => …)` callback receives; accept `Db | DbTransaction` in repositories. */
export type DbTransaction = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * An open database. `client` is the underlying driver object (PGlite instance or node-postgres Pool)
 * for the few things drizzle does not cover (LISTEN/NOTIFY, COPY); prefer `db` everywhere else.
 */
export type DbHandle = { db: Db; close(): Promise<void> } & ({ kind: 'pglite'; client: PGlite } | { kind: 'postgres'; client: pg.Pool });

/** The database named by DATABASE_URL could not be reached or the URL is invalid. The message is meant for the operator. */
export class DbConnectionError extends Error {
  readonly code = 'DB_CONNECTION';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DbConnectionError';
  }
}

/** Connections per process: enough for concurrent requests plus the job worker, well under Postgres' default 100. */
const POOL_SIZE = 20;
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Opens the database: node-postgres when `databaseUrl` is given, otherwise PGlite stored under
 * `${dataDir}/pglite` (directories are created), or in memory when `dataDir` is undefined too.
 * Does not migrate: call `migrateDb()` next.
 *
 * @throws DbConnectionError when `databaseUrl` is malformed or the server cannot be reached.
 */
export async function createDb(opts: { databaseUrl?: string; dataDir?: string }): Promise<DbHandle> {
  if (opts.databaseUrl) return connectPostgres(opts.databaseUrl);
  if (opts.dataDir === undefined) return handleFromPglite(await PGlite.create());
  const dir = path.resolve(opts.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  return handleFromPglite(await PGlite.create(dir));
}

/** Wraps an open PGlite instance; `close()` closes it. */
export function handleFromPglite(client: PGlite): DbHandle {
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { kind: 'pglite', client, db, close: () => client.close() };
}

/** Wraps a node-postgres pool; `close()` ends the pool and then runs `afterClose` (used to drop test databases). */
export function handleFromPool(pool: pg.Pool, afterClose?: () => Promise<void>): DbHandle {
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await pool.end();
      await afterClose?.();
    })();
    return closing;
  };
  return { kind: 'postgres', client: pool, db, close };
}

/** Validates a postgres URL and returns it with the password masked, for error messages. */
export function describeDatabaseUrl(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new DbConnectionError('DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database).');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new DbConnectionError(`DATABASE_URL must start with postgres:// or postgresql://, got "${url.protocol}//".`);
  }
  if (url.password) url.password = '***';
  return url.toString();
}

/** A one-line reason from a driver error (node's connect errors are sometimes AggregateErrors with an empty message). */
export function connectionErrorReason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return connectionErrorReason(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = error.message || (typeof code === 'string' ? code : error.name);
    return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
  }
  return String(error);
}

async function connectPostgres(databaseUrl: string): Promise<DbHandle> {
  const described = describeDatabaseUrl(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection emits 'error' on the pool; without a listener that kills the process.
  pool.on('error', (error) => console.error(`database connection error: ${connectionErrorReason(error)}`));
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DbConnectionError(`Cannot connect to the database at DATABASE_URL (${described}): ${connectionErrorReason(error)}`, { cause: error });
  }
  return handleFromPool(pool);
}
