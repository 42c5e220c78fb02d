import { createDb, DbConnectionError } from '@sentia/db/create-db';
import { migrateDb } from '@sentia/db/migrate-db';
import pino from 'pino';
import { ConfigError, loadConfig } from './config.ts';
import { startBackgroundServices } from './jobs/start-background-services.ts';

/** How long a stopping worker lets running jobs finish before handing them back to the queue. */
const DRAIN_MS = 20_000;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/**
 * `npm run worker`: runs background jobs apart from the API. With REDIS_URL the jobs come from BullMQ; without it
 * from the jobs table, which needs a database other processes can reach (DATABASE_URL), because the embedded
 * PGlite database belongs to the one API process that opened it (which then runs the jobs itself).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (!config.redisUrl && !config.databaseUrl) {
    fail('The worker needs REDIS_URL (BullMQ) or DATABASE_URL (PostgreSQL). With neither, the embedded database belongs to the API process, which runs the jobs itself: start only `npm start`.');
  }
  const logger = pino({ level: config.logLevel }).child({ process: 'worker' });
  let db;
  try {
    db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DbConnectionError) fail(error.message);
    throw error;
  }
  await migrateDb(db);
  const background = await startBackgroundServices({ config, db, logger, role: 'worker' });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, drainMs: DRAIN_MS }, 'worker stopping: finishing active jobs');
    const timer = setTimeout(() => {
      logger.error('worker did not stop in time; exiting');
      process.exit(1);
    }, DRAIN_MS + 10_000);
    timer.unref();
    try {
      await background.close({ graceMs: DRAIN_MS });
      await db.close();
      logger.info('worker stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error while stopping the worker');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  logger.info({ provider: background.jobs.kind }, 'worker ready');
}

main().catch((error: unknown) => {
  console.error('Worker start-up failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
