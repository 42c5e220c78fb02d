import type { SQL } from 'drizzle-orm';
import type { Db } from '@sentia/db/create-db';

/** The database the jobs code runs on (PGlite or node-postgres); it uses only its own tables. */
export type JobsDatabase = Db;

/** Runs raw SQL and returns its rows, whichever driver is underneath (both answer `{ rows }`). */
export async function queryRows<T>(db: JobsDatabase, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
