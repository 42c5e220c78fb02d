import { timingSafeEqual } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Channel, Region } from '@sentia/contracts/common';
import type { Db, DbTransaction } from '@sentia/db/create-db';
import { channels, integrationConnections } from '@sentia/db/schema';
import type { Config } from '../../config.ts';
import { integrationsSecretKey, openCredentials } from '../integrations/integrations-secret-key.ts';

/** What the webhook pipeline needs of a connection: who it is, where its orders count, and the secret to verify with. */
export interface WebhookConnection {
  connectionId: string;
  /** The normalised records' `account`: the shop domain, the SP-API seller id. */
  account: string;
  /** Null for an Amazon connection serving several channels (UK and DE on the EU host): its records carry their own. */
  channel: Channel | null;
  region: Region | null;
}

/**
 * Where webhook secrets come from. Secrets are write-only credentials of the integration connections (stored
 * encrypted by the integrations module); this module only ever asks for the one it needs to verify a delivery.
 */
export interface WebhookSecrets {
  /** The Shopify connection for `X-Shopify-Shop-Domain` with its webhook signing secret; null for an unknown shop. */
  shopify(shopDomain: string): Promise<(WebhookConnection & { channel: Channel; region: Region; secret: string }) | null>;
  /** The Amazon connection whose notification API key (EventBridge API destination header) equals `presented`. */
  amazonByApiKey(presented: string): Promise<WebhookConnection | null>;
}

/** Decrypts a connection's credentials (JSON object) — provided by the integrations module. */
export type DecryptCredentials = (connectionId: string, encrypted: string) => Promise<Record<string, unknown>> | Record<string, unknown>;

type ConnectionRow = { id: string; name: string; channelCode: string | null; config: unknown; credentialsEncrypted: string | null; homeRegion: string | null };

async function activeConnections(db: Db | DbTransaction, provider: 'SHOPIFY' | 'AMAZON', extra?: ReturnType<typeof sql>): Promise<ConnectionRow[]> {
  return db
    .select({ id: integrationConnections.id, name: integrationConnections.name, channelCode: integrationConnections.channelCode, config: integrationConnections.config, credentialsEncrypted: integrationConnections.credentialsEncrypted, homeRegion: channels.homeRegion })
    .from(integrationConnections)
    .leftJoin(channels, eq(channels.code, integrationConnections.channelCode))
    .where(and(eq(integrationConnections.provider, provider), eq(integrationConnections.status, 'ACTIVE'), extra));
}

const stringField = (record: Record<string, unknown>, ...names: string[]): string | null => {
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
};

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Reads secrets from `integration_connections`: Shopify connections carry `config.shopDomain` and the credential
 * `webhookSecret`; Amazon connections the credential `notificationApiKey` and `config.sellerId`.
 */
export function createConnectionWebhookSecrets(deps: { db: Db; decrypt: DecryptCredentials }): WebhookSecrets {
  const toConnection = (row: ConnectionRow, account: string): WebhookConnection => {
    const config = (row.config ?? {}) as Record<string, unknown>;
    const region = (stringField(config, 'region') ?? row.homeRegion) as Region | null;
    return { connectionId: row.id, account, channel: (row.channelCode as Channel | null) ?? null, region: region && ['UK', 'EU', 'US'].includes(region) ? region : null };
  };
  const credentialsOf = async (row: ConnectionRow) => (row.credentialsEncrypted ? await deps.decrypt(row.id, row.credentialsEncrypted) : {});
  return {
    async shopify(shopDomain) {
      const domain = shopDomain.toLowerCase();
      const rows = await activeConnections(deps.db, 'SHOPIFY', sql`lower(${integrationConnections.config}->>'shopDomain') = ${domain}`);
      for (const row of rows) {
        const { channel, region, ...connection } = toConnection(row, domain);
        const secret = stringField(await credentialsOf(row), 'webhookSecret');
        if (channel && region && secret) return { ...connection, channel, region, secret };
      }
      return null;
    },
    async amazonByApiKey(presented) {
      const rows = await activeConnections(deps.db, 'AMAZON');
      let match: WebhookConnection | null = null;
      // Every connection is compared (constant time each), so the answer's timing says nothing about which matched.
      for (const row of rows) {
        const key = stringField(await credentialsOf(row), 'notificationApiKey');
        const config = (row.config ?? {}) as Record<string, unknown>;
        const connection = toConnection(row, stringField(config, 'sellerId') ?? row.name);
        if (key && sameSecret(key, presented) && !match) match = connection;
      }
      return match;
    },
  };
}

/** The production source: connection credentials opened with the integrations' key (INTEGRATIONS_SECRET_KEY). */
export function webhookSecretsFromConnections(deps: { db: Db; config: Config }): WebhookSecrets {
  return createConnectionWebhookSecrets({ db: deps.db, decrypt: (id, sealed) => openCredentials(integrationsSecretKey(deps.config), id, sealed) });
}
