import { performance } from 'node:perf_hooks';
import { createDb, DbConnectionError } from '@sentia/db/create-db';
import { demoAccounts } from '@sentia/db/demo/demo-accounts';
import { seedDemoWorld } from '@sentia/db/demo/seed-demo-world';
import { seedReferenceData } from '@sentia/db/reference/seed-reference-data';
import { migrateDb } from '@sentia/db/migrate-db';
import { companies } from '@sentia/db/schema';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { createCache } from './cache/create-cache.ts';
import { ConfigError, loadConfig, resolveSessionSecret } from './config.ts';
import { createApp } from './http/create-app.ts';
import { startBackgroundServices } from './jobs/start-background-services.ts';
import { extraModules } from './extra-modules.ts';
import { DEMO_ADMIN_TOTP_SECRET, enrolDemoAdminTotp } from './modules/auth/demo-admin-totp.ts';
import { mfaSecretKey } from './modules/auth/mfa-secret-key.ts';
import { queueStartUpForecast } from './modules/forecasting/queue-start-up-forecast.ts';
import { startDemoConnectorsIfEnabled } from './modules/integrations/demo-connectors.ts';

const SHUTDOWN_TIMEOUT_MS = 10_000;

/** Prints an operator-facing message and exits without a stack trace. */
function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(): Promise<void> {
  const started = performance.now();
  let config;
  let sessionSecret: string;
  try {
    config = loadConfig();
    sessionSecret = resolveSessionSecret(config);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = pino({ level: config.logLevel });

  let db;
  try {
    db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DbConnectionError) fail(error.message);
    throw error;
  }
  logger.info({ kind: db.kind, dataDir: config.databaseUrl ? undefined : config.dataDir }, 'database opened');
  await migrateDb(db);
  await seedReferenceData(db);

  const existingDemo = await db.db.select({ id: companies.id }).from(companies).where(eq(companies.isDemo, true)).limit(1);
  if (existingDemo.length === 0 && config.demoData) {
    logger.info('no demo company yet: generating the demo world (first start only)');
    const seeded = await seedDemoWorld(db, {});
    logger.info({ counts: seeded.counts, ms: Math.round(seeded.ms) }, 'demo world generated');
    if (seeded.created) {
      // PGlite runs no autovacuum, so without this the planner would keep the empty-table statistics and pick
      // nested loops that turn a 100 ms KPI query into seconds.
      await db.db.execute(sql`analyze`);
    }
  }

  // ADMIN must have a second factor; the demo ADMIN gets the published demo secret so the demo stays usable.
  if (config.demoData && (await enrolDemoAdminTotp(db, mfaSecretKey(config.mfaEncryptionKey, sessionSecret)))) logger.info('demo ADMIN enrolled with the demo TOTP secret');

  // Redis outlives databases (a test run's fresh database, a reset PGlite folder), so cached figures are kept
  // under this installation's company id: another database's entries can never answer here.
  const [installation] = await db.db.select({ id: companies.id }).from(companies).orderBy(companies.createdAt).limit(1);
  const cacheNamespace = `sentia:cache:${installation?.id ?? 'no-company'}`;

  let cache;
  try {
    cache = await createCache({ ttlSeconds: config.kpiCacheTtlSeconds, redisUrl: config.redisUrl, namespace: cacheNamespace, logger });
  } catch (error) {
    await db.close();
    fail(`Cannot connect to Redis at REDIS_URL: ${(error as Error).message}`);
  }

  const background = await startBackgroundServices({ config, db, cache, logger, role: 'api' });
  const app = await createApp({
    config,
    db,
    cache,
    sessionSecret,
    logger,
    modules: [...extraModules, ...background.modules],
    events: background.bus,
    jobs: background.jobs,
    ...(config.webDistDir ? { webDistDir: config.webDistDir } : {}),
  });
  const demoConnectors = await startDemoConnectorsIfEnabled({ db: db.db, config, jobs: background.jobs, bus: background.bus, logger, hasDemoCompany: config.demoData });

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const timer = setTimeout(() => {
      logger.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    try {
      await app.close();
      await demoConnectors?.close();
      await background.close({ graceMs: 5000 });
      await cache.close();
      await db.close();
      logger.info('shutdown complete');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    // Node's default backlog (511) drops SYNs when a thousand dashboards connect at once; the kernel caps it anyway.
    await app.listen({ port: config.port, host: config.host, backlog: 4096 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`PORT ${config.port} is already in use on ${config.host}; set PORT to a free port.`);
    if (code === 'EADDRNOTAVAIL') fail(`HOST ${config.host} is not an address of this machine; set HOST (e.g. 0.0.0.0 or 127.0.0.1).`);
    throw error;
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  demoConnectors?.setWebhookUrl(`http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}/api/webhooks/shopify`);
  const readyMs = Math.round(performance.now() - started);
  logger.info({ port, readyMs, database: db.kind, cache: cache.kind }, 'server ready');
  if (config.demoData && config.demoForecastOnStart) {
    // After listening, so start-up is not held up; the run itself works in worker threads (or a BullMQ worker).
    queueStartUpForecast({ db: db.db, jobs: background.jobs })
      .then((runs) => {
        for (const run of runs) logger.info({ runId: run.id, granularity: run.granularity, series: run.seriesCount }, `no ${run.granularity}ly forecast run yet: queued one (DEMO_FORECAST_ON_START)`);
      })
      .catch((error: unknown) => logger.error({ err: error }, 'could not queue the start-up forecast run'));
  }
  const accounts = config.demoData ? demoAccounts.map((a) => `    ${a.role.padEnd(8)} ${a.email}  /  ${a.password}`).join('\n') : '';
  console.log(
    [
      '',
      `  Sentia Manufacturing Dashboard is running at http://${shownHost}:${port}/`,
      `  API docs: http://${shownHost}:${port}/api/docs   (ready in ${readyMs} ms, database: ${db.kind}, cache: ${cache.kind})`,
      ...(accounts ? ['  Demo sign-in accounts:', accounts, `  The ADMIN also needs an authenticator code: add the secret ${DEMO_ADMIN_TOTP_SECRET} to an authenticator app, or run \`npm run -s demo:totp\`.`] : []),
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error('Start-up failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
