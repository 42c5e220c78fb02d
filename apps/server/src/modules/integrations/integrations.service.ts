import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import {
  type ConnectionHealth,
  type ConnectionProvider,
  type ConnectionTestResult,
  type CreateConnection,
  credentialFieldsByProvider,
  type DegradedSource,
  type ReplaceCredentialsResult,
  type ResourceHealth,
  amazonCredentialsSchema,
  shopifyCredentialsSchema,
  syncResourcesByProvider,
  type SyncHealth,
  type SyncResourceCode,
  unleashedCredentialsSchema,
} from '@sentia/contracts/integration-connections';
import { marketplaceByCode } from '@sentia/connectors/amazon/amazon-config';
import { isConnectorError } from '@sentia/connectors/shared/connector-error';
import type { Db } from '@sentia/db/create-db';
import { integrationConnections } from '@sentia/db/schema';
import type { EventBus } from '../../events/create-event-bus.ts';
import { AppError } from '../../http/app-error.ts';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { type AuditActor, recordAudit } from '../audit/record-audit.ts';
import type { IntegrationSyncJob } from './integration-sync.job.ts';
import { openCredentials, sealCredentials } from './integrations-secret-key.ts';
import type { IntegrationsRuntime } from './integrations-runtime.ts';
import { findConnectionRow, findOpenSyncDeadLetter, listConnectionRows, listDegradedConnections, listSyncStates, openSyncDeadLetters, recentRuns } from './integrations.repository.ts';
import { saveConnectorHealth } from './sync-connection.ts';

export interface IntegrationsServiceDeps {
  db: Db;
  runtime: IntegrationsRuntime;
  syncJob: IntegrationSyncJob;
  jobs: () => JobProvider | undefined;
  bus?: EventBus | undefined;
  now?: () => Date;
}

const credentialSchemas = { AMAZON: amazonCredentialsSchema, SHOPIFY: shopifyCredentialsSchema, UNLEASHED: unleashedCredentialsSchema } as const;

/** Scheduled-sync interval: 5 minutes keeps sales within the spec's "updated within 1 hour"; Unleashed 15 for its monthly quota. */
export const defaultSyncIntervalMinutes = (provider: ConnectionProvider) => (provider === 'UNLEASHED' ? 15 : 5);

export function cronForInterval(minutes: number): string {
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.max(1, Math.round(minutes / 60));
  return hours >= 24 ? '0 3 * * *' : `0 */${hours} * * *`;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The channel a connection's orders count under, for the connections table (and the webhooks module). */
function channelOf(input: CreateConnection): 'AMAZON_UK' | 'AMAZON_EU' | 'AMAZON_US' | 'SHOPIFY_UK' | 'SHOPIFY_US' | null {
  if (input.provider === 'SHOPIFY') return input.config.channel;
  if (input.provider === 'AMAZON') {
    const channels = [...new Set(input.config.marketplaces.map((m) => marketplaceByCode(m)?.channel).filter((c) => c !== undefined))];
    return channels.length === 1 ? channels[0]! : null;
  }
  return null;
}

/** Sources whose breaker is open or half-open, from the health their last sync saved (the dashboard's "source degraded" notice). */
export async function degradedSourcesOf(db: Db): Promise<DegradedSource[]> {
  const rows = await listDegradedConnections(db);
  return rows.map((r) => {
    const breaker = (r.health as { breaker?: { state: 'open' | 'half-open'; retryAt: string | null } }).breaker;
    return { name: r.name, provider: r.provider as ConnectionProvider, state: breaker?.state ?? 'open', retryAt: breaker?.retryAt ?? null };
  });
}

export function createIntegrationsService(deps: IntegrationsServiceDeps) {
  const { db, runtime } = deps;
  const now = deps.now ?? (() => new Date());
  const requireJobs = () => {
    const jobs = deps.jobs();
    if (!jobs) throw new AppError('UNAVAILABLE', 'the job system is not running in this process');
    return jobs;
  };
  const loadRow = async (id: string) => {
    const row = await findConnectionRow(db, id);
    if (!row) throw new AppError('NOT_FOUND', `no connection ${id}`);
    return row;
  };
  const intervalOf = (row: { provider: string; config: unknown }) => ((row.config ?? {}) as { syncIntervalMinutes?: number }).syncIntervalMinutes ?? defaultSyncIntervalMinutes(row.provider as ConnectionProvider);
  const resourcesOf = (provider: string): readonly SyncResourceCode[] => syncResourcesByProvider[provider as ConnectionProvider] ?? [];

  /** Runs a connector's test call; a failure is a result (with the connector's error code), not an exception. */
  const testWith = async (call: () => Promise<string>, at: Date): Promise<ConnectionTestResult> => {
    try {
      return { ok: true, message: await call(), at: at.toISOString() };
    } catch (error) {
      const code = isConnectorError(error) ? error.code : 'INTERNAL';
      return { ok: false, message: `${code}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500), at: at.toISOString() };
    }
  };

  const service = {
    /** Registers the scheduled syncs of a connection (idempotent: deterministic schedule ids). */
    async schedule(row: { id: string; provider: string; config: unknown }): Promise<void> {
      const jobs = deps.jobs();
      if (!jobs) return;
      const cron = cronForInterval(intervalOf(row));
      for (const resource of resourcesOf(row.provider)) await jobs.schedule(deps.syncJob, cron, { connectionId: row.id, resource, trigger: 'schedule' }, { key: `${row.id}.${resource}` });
    },

    /** Schedules every active connection; called at start-up so schedules match the connections table. */
    async scheduleAll(): Promise<void> {
      for (const row of await listConnectionRows(db)) if (row.status !== 'DISABLED') await service.schedule(row);
    },

    async health(): Promise<SyncHealth> {
      const rows = await listConnectionRows(db);
      const ids = rows.map((r) => r.id);
      const at = now();
      const [states, runs, deadLetters] = await Promise.all([listSyncStates(db, ids), recentRuns(db, ids, new Date(at.getTime() - 86_400_000)), openSyncDeadLetters(db, ids)]);
      const connections = rows.map((row): ConnectionHealth => {
        const health = (row.health ?? {}) as { breaker?: ConnectionHealth['breaker']; rateLimit?: ConnectionHealth['rateLimit']; updatedAt?: string; lastTest?: ConnectionHealth['lastTest'] };
        const counts = runs.counts.find((c) => c.connectionId === row.id);
        const resources = resourcesOf(row.provider).map((resource): ResourceHealth => {
          const state = states.find((s) => s.connectionId === row.id && s.resource === resource);
          const last = runs.last.find((r) => r.connectionId === row.id && r.resource === resource);
          const isRunning = runs.running.some((r) => r.connectionId === row.id && r.resource === resource);
          const succeeded = runs.lastSucceeded.find((r) => r.connectionId === row.id && r.resource === resource);
          return {
            resource,
            state: isRunning ? 'running' : !state?.lastStartedAt ? 'never' : last?.status === 'skipped' ? 'skipped' : (state.consecutiveFailures ?? 0) > 0 ? 'failing' : 'ok',
            lastStartedAt: iso(state?.lastStartedAt),
            lastSuccessAt: iso(state?.lastSuccessAt),
            lagSeconds: succeeded ? Math.max(0, Math.round((at.getTime() - succeeded.startedAt.getTime()) / 1000)) : null,
            recordsLastRun: last ? last.recordsFetched : null,
            rejectedLastRun: last ? last.recordsRejected : null,
            consecutiveFailures: state?.consecutiveFailures ?? 0,
            lastError: state?.lastError ?? null,
            lastErrorAt: iso(state?.lastErrorAt),
          };
        });
        const config = (row.config ?? {}) as Record<string, unknown>;
        return {
          id: row.id,
          provider: row.provider as ConnectionProvider,
          name: row.name,
          status: row.status,
          config,
          credentialFields: row.credentialsEncrypted ? [...credentialFieldsByProvider[row.provider as ConnectionProvider]] : [],
          syncIntervalMinutes: intervalOf(row),
          createdAt: row.createdAt.toISOString(),
          resources,
          errorRate: { runs: counts?.runs ?? 0, failed: counts?.failed ?? 0, percent: counts && counts.runs > 0 ? Math.round((counts.failed / counts.runs) * 1000) / 10 : null },
          breaker: health.breaker ?? null,
          rateLimit: health.rateLimit ?? null,
          healthUpdatedAt: health.updatedAt ?? null,
          lastTest: health.lastTest ?? null,
          deadLetters: deadLetters
            .filter((d) => (d.payload as { connectionId?: string }).connectionId === row.id)
            .map((d) => ({ id: d.id, jobId: d.jobId, resource: String((d.payload as { resource?: string }).resource ?? ''), error: d.error, attempts: d.attempts, failedAt: d.failedAt.toISOString() })),
        };
      });
      return { connections, degraded: connections.some((c) => c.status === 'ACTIVE' && c.breaker !== null && c.breaker.state !== 'closed'), generatedAt: at.toISOString() };
    },

    /** Sources whose breaker is open or half-open (the dashboard's "source degraded" notice). */
    degradedSources: () => degradedSourcesOf(db),

    async create(input: CreateConnection, actor: AuditActor): Promise<ConnectionHealth> {
      const id = randomUUID();
      const sealed = sealCredentials(runtime.key(), id, input.credentials);
      const taken = await db.select({ id: integrationConnections.id }).from(integrationConnections).where(sql`${integrationConnections.provider} = ${input.provider} and ${integrationConnections.name} = ${input.name}`);
      if (taken.length > 0) throw new AppError('CONFLICT', `a ${input.provider} connection named "${input.name}" exists`, { errors: [{ field: 'name', message: 'is already used by another connection of this provider' }] });
      if (input.provider === 'AMAZON') {
        const wrong = input.config.marketplaces.findIndex((m) => marketplaceByCode(m)?.spApiRegion !== input.config.region);
        if (wrong >= 0) throw new AppError('VALIDATION_FAILED', 'marketplace not served by the region', { errors: [{ field: `config.marketplaces.${wrong}`, message: `is not a marketplace of the ${input.config.region} region` }] });
      }
      const row = await db.transaction(async (tx) => {
        const [created] = await tx
          .insert(integrationConnections)
          .values({ id, provider: input.provider, name: input.name, channelCode: channelOf(input), config: input.config, credentialsEncrypted: sealed })
          .returning();
        await recordAudit(tx, { ...actor, action: 'integrations.connection.created', entityType: 'integration_connection', entityId: id, after: { provider: input.provider, name: input.name, config: input.config, credentialFields: Object.keys(input.credentials) } });
        return created!;
      });
      await service.schedule(row);
      return (await service.health()).connections.find((c) => c.id === id)!;
    },

    /**
     * Replaces a connection's credentials after one authenticated call with them (through a connector built only for
     * that call). A failed test keeps the old credentials and answers 400 with the vendor's reason, unless
     * `saveIfTestFails`; either way the outcome becomes the connection's last test. Sealed like every credential.
     */
    async replaceCredentials(id: string, credentials: Record<string, unknown>, actor: AuditActor, options: { saveIfTestFails?: boolean | undefined } = {}): Promise<ReplaceCredentialsResult> {
      const row = await loadRow(id);
      const parsed = credentialSchemas[row.provider as ConnectionProvider].safeParse(credentials);
      if (!parsed.success) {
        throw new AppError('VALIDATION_FAILED', `credentials do not fit a ${row.provider} connection`, { errors: parsed.error.issues.map((i) => ({ field: ['credentials', ...i.path].join('.'), message: i.message })) });
      }
      const sealed = sealCredentials(runtime.key(), id, parsed.data);
      const at = now();
      const test = await testWith(() => runtime.registry.probe({ ...row, credentialsEncrypted: sealed, updatedAt: at }).test(), at);
      const saved = test.ok || options.saveIfTestFails === true;
      await db.transaction(async (tx) => {
        if (saved) await tx.update(integrationConnections).set({ credentialsEncrypted: sealed, status: 'ACTIVE', updatedAt: at }).where(eq(integrationConnections.id, id));
        await tx
          .update(integrationConnections)
          .set({ health: sql`${integrationConnections.health} || ${JSON.stringify({ lastTest: test })}::jsonb` })
          .where(eq(integrationConnections.id, id));
        await recordAudit(tx, {
          ...actor,
          action: saved ? 'integrations.connection.credentials-replaced' : 'integrations.connection.credentials-rejected',
          entityType: 'integration_connection',
          entityId: id,
          after: { credentialFields: Object.keys(parsed.data), testPassed: test.ok, ...(saved && !test.ok ? { savedDespiteFailedTest: true } : {}) },
        });
      });
      if (!saved) {
        throw new AppError('VALIDATION_FAILED', `The new credentials did not work, so the stored ones were kept: ${test.message}`, { errors: [{ field: 'credentials', message: test.message }] });
      }
      runtime.registry.forget(id);
      return { saved, test };
    },

    async remove(id: string, actor: AuditActor): Promise<void> {
      const row = await loadRow(id);
      const jobs = deps.jobs();
      if (jobs) for (const resource of resourcesOf(row.provider)) await jobs.unschedule(`${deps.syncJob.name}.${id}.${resource}`);
      await db.transaction(async (tx) => {
        await tx.delete(integrationConnections).where(eq(integrationConnections.id, id));
        await recordAudit(tx, { ...actor, action: 'integrations.connection.removed', entityType: 'integration_connection', entityId: id, before: { provider: row.provider, name: row.name, config: row.config } });
      });
      runtime.registry.forget(id);
    },

    /** One cheap authenticated call through the connector (its breaker and limits apply); the outcome is kept for the page. */
    async test(id: string): Promise<ConnectionTestResult> {
      const row = await loadRow(id);
      const at = now();
      const result = await testWith(async () => {
        runtime.registry.forget(id);
        const handle = runtime.registry.get(row);
        const message = await handle.test();
        await saveConnectorHealth(db, handle, at);
        return message;
      }, at);
      await db
        .update(integrationConnections)
        .set({ health: sql`${integrationConnections.health} || ${JSON.stringify({ lastTest: result })}::jsonb`, ...(result.ok && row.status === 'ERROR' ? { status: 'ACTIVE' as const } : {}) })
        .where(eq(integrationConnections.id, id));
      return result;
    },

    async syncNow(id: string, resource: SyncResourceCode | undefined, actor: AuditActor) {
      const row = await loadRow(id);
      const resources = resourcesOf(row.provider);
      if (resource && !resources.includes(resource)) throw new AppError('VALIDATION_FAILED', `${row.provider} connections do not sync ${resource}`, { errors: [{ field: 'resource', message: `must be one of ${resources.join(', ')}` }] });
      const jobs = requireJobs();
      const queued = [];
      for (const r of resource ? [resource] : resources) {
        const { id: jobId, deduplicated } = await jobs.enqueue(deps.syncJob, { connectionId: id, resource: r, trigger: 'manual' });
        queued.push({ resource: r, jobId, deduplicated });
      }
      await recordAudit(db, { ...actor, action: 'integrations.sync.requested', entityType: 'integration_connection', entityId: id, after: { resources: queued.map((q) => q.resource) } });
      return { jobs: queued };
    },

    async retryDeadLetter(deadLetterId: string, actor: AuditActor): Promise<void> {
      const letter = await findOpenSyncDeadLetter(db, deadLetterId);
      if (!letter) throw new AppError('NOT_FOUND', `no open sync dead letter ${deadLetterId}`);
      await requireJobs().retryJob(deadLetterId);
      await recordAudit(db, { ...actor, action: 'integrations.sync.retried', entityType: 'integration_connection', entityId: (letter.payload as { connectionId?: string }).connectionId ?? null, after: { deadLetterId } });
    },

    /** Credentials of a connection, for the webhooks module's signature checks. Never sent over HTTP. */
    decryptCredentials(connectionId: string, sealed: string): Record<string, unknown> {
      return openCredentials(runtime.key(), connectionId, sealed);
    },
  };
  return service;
}
export type IntegrationsService = ReturnType<typeof createIntegrationsService>;
