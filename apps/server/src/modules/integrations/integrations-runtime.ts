import type { Clock } from '@sentia/connectors/shared/clock';
import type { Db } from '@sentia/db/create-db';
import type { Config } from '../../config.ts';
import { createConnectorRegistry, type ConnectorRegistry } from './connector-registry.ts';
import { integrationsSecretKey } from './integrations-secret-key.ts';

/** What the integrations module keeps per process: the credential key and the connectors (one per connection). */
export interface IntegrationsRuntime {
  key: () => Buffer | null;
  registry: ConnectorRegistry;
}

export interface IntegrationsRuntimeOptions {
  key: () => Buffer | null;
  clock?: Clock;
  /** Tests shorten the connectors' 2/4/8 s backoff. */
  retryBaseDelayMs?: number;
  timeoutMs?: number;
}

// Keyed by the database handle: the HTTP module and the sync job in one process share connectors (and so their
// circuit breakers and rate-limit buckets), while two apps in one test process stay apart.
const runtimes = new WeakMap<Db, IntegrationsRuntime>();

/** Sets up this process's runtime explicitly (tests: a fixed key, short retries). Replaces any existing one. */
export function configureIntegrationsRuntime(db: Db, options: IntegrationsRuntimeOptions): IntegrationsRuntime {
  const runtime: IntegrationsRuntime = { key: options.key, registry: createConnectorRegistry(options) };
  runtimes.set(db, runtime);
  return runtime;
}

/** The process's runtime for `db`, created from the configuration on first use. */
export function integrationsRuntimeFor(db: Db, config: Config | undefined): IntegrationsRuntime {
  const existing = runtimes.get(db);
  if (existing) return existing;
  let key: Buffer | null | undefined;
  return configureIntegrationsRuntime(db, { key: () => (key === undefined ? (key = config ? integrationsSecretKey(config) : null) : key) });
}
