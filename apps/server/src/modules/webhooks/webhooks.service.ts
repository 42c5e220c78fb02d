import { parseAmazonNotification } from '@sentia/connectors/amazon/amazon-notifications';
import { authenticateShopifyWebhook, readShopifyWebhookHeaders, type ShopifyWebhookRejection } from '@sentia/connectors/shopify/verify-shopify-webhook';
import type { Db } from '@sentia/db/create-db';
import { AppError } from '../../http/app-error.ts';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { type AuditActor, recordAudit } from '../audit/record-audit.ts';
import { DEDUPE_WINDOW_MS, type DeliveryClaims } from './delivery-claims.ts';
import { createProcessWebhookJob } from './process-webhook.job.ts';
import type { WebhookSecrets } from './webhook-connections.ts';
import { deleteDelivery, storeDelivery, type NewDelivery } from './webhooks.repository.ts';

export type ReceiveResult = { status: 'accepted'; deliveryId: string; jobId: string } | { status: 'duplicate' };

/** Where a delivery came from, for the security log and the audit entry. */
export type DeliveryOrigin = Pick<AuditActor, 'ipAddress' | 'userAgent' | 'requestId'>;

type Logger = { warn: (obj: object, msg: string) => void; info: (obj: object, msg: string) => void };

export interface WebhooksService {
  /** Verifies, dedupes, stores and enqueues one Shopify delivery; refuses (401, audited) a bad signature. */
  receiveShopify(input: { rawBody: Buffer; headers: Record<string, string | string[] | undefined>; origin: DeliveryOrigin }): Promise<ReceiveResult>;
  /** The Amazon inbound adapter: one notification envelope (an SQS message body) from a known connection. */
  receiveAmazon(input: { body: string | unknown; connectionId: string | null; origin: DeliveryOrigin }): Promise<ReceiveResult>;
  /** The Amazon connection whose notification API key is `apiKey`, if any. */
  amazonConnection(apiKey: string): Promise<{ connectionId: string } | null>;
  /** Refuses an Amazon delivery whose API key matched no connection (401, audited). */
  refuseAmazon(origin: DeliveryOrigin, reason: string): Promise<never>;
}

/**
 * The inbound half of the webhook pipeline. Everything here is quick (one lookup, one insert, one enqueue) so
 * Shopify gets its 2xx well inside 5 s; the ingest runs in the `webhooks.process-delivery` job, which retries
 * with backoff and dead-letters.
 */
export function createWebhooksService(deps: { db: Db; jobs: () => JobProvider | undefined; secrets: WebhookSecrets; claims: DeliveryClaims; logger: Logger; windowMs?: number }): WebhooksService {
  const windowMs = deps.windowMs ?? DEDUPE_WINDOW_MS;
  const job = createProcessWebhookJob({ db: deps.db });

  /** A security event: logged at warn with a marker and written to the audit chain; the response is 401. */
  async function refuse(provider: string, reason: ShopifyWebhookRejection | string, detail: Record<string, unknown>, origin: DeliveryOrigin): Promise<never> {
    deps.logger.warn({ securityEvent: 'webhook.refused', provider, reason, ...detail, ip: origin.ipAddress }, 'webhook refused');
    await recordAudit(deps.db, {
      actor: `webhook:${provider.toLowerCase()}`,
      ...origin,
      action: reason === 'invalid-signature' ? 'webhook.signature.invalid' : 'webhook.refused',
      entityType: 'webhook_delivery',
      entityId: typeof detail.webhookId === 'string' ? detail.webhookId : null,
      after: { provider, reason, ...detail },
    });
    throw new AppError('UNAUTHENTICATED', reason === 'invalid-signature' ? 'Webhook signature is not valid.' : 'Webhook could not be authenticated.');
  }

  async function accept(delivery: NewDelivery): Promise<ReceiveResult> {
    const jobs = deps.jobs();
    if (!jobs) throw new AppError('UNAVAILABLE', 'The job queue is not running; retry later.');
    if (!(await deps.claims.claim(delivery.provider, delivery.deliveryId))) return { status: 'duplicate' };
    let stored: { id: string } | null;
    try {
      stored = await storeDelivery(deps.db, delivery, { windowMs, alreadyClaimed: deps.claims.kind === 'redis' });
    } catch (error) {
      await deps.claims.release(delivery.provider, delivery.deliveryId);
      throw error;
    }
    if (!stored) return { status: 'duplicate' };
    try {
      const { id: jobId } = await jobs.enqueue(job, { deliveryId: stored.id }, { idempotencyKey: `delivery-${stored.id}` });
      return { status: 'accepted', deliveryId: stored.id, jobId };
    } catch (error) {
      // Not accepted after all: forget it, so the sender's retry is taken rather than dropped as a duplicate.
      await deleteDelivery(deps.db, stored.id);
      await deps.claims.release(delivery.provider, delivery.deliveryId);
      deps.logger.warn({ err: error, provider: delivery.provider }, 'webhook: enqueue failed, answering 503 so the sender retries');
      throw new AppError('UNAVAILABLE', 'Could not queue the delivery; retry later.');
    }
  }

  return {
    async receiveShopify({ rawBody, headers, origin }) {
      const read = readShopifyWebhookHeaders(headers);
      const connection = read ? await deps.secrets.shopify(read.shopDomain) : null;
      const result = authenticateShopifyWebhook({ rawBody, headers, secretForShop: () => connection?.secret });
      if (!result.ok) {
        if (result.reason === 'malformed-body') throw new AppError('BAD_REQUEST', 'The signed body is not JSON.');
        return refuse('SHOPIFY', result.reason, { shopDomain: result.shopDomain, topic: read?.topic ?? null, webhookId: read?.webhookId ?? null, detail: result.detail }, origin);
      }
      const h = result.headers;
      return accept({
        provider: 'SHOPIFY',
        // Shopify's recommended dedupe key is the event id (same across duplicate deliveries); the webhook id is the fallback.
        deliveryId: h.eventId ?? h.webhookId,
        topic: h.topic,
        connectionId: connection!.connectionId,
        payload: { body: result.payload, meta: { shopDomain: h.shopDomain, webhookId: h.webhookId, eventId: h.eventId, triggeredAt: h.triggeredAt, apiVersion: h.apiVersion } },
      });
    },

    async receiveAmazon({ body, connectionId }) {
      let notification;
      try {
        notification = parseAmazonNotification(body);
      } catch (error) {
        throw new AppError('BAD_REQUEST', `Not an SP-API notification: ${(error as Error).message}`);
      }
      const envelope = typeof body === 'string' ? (JSON.parse(body) as unknown) : body;
      const topic = notification.type === 'OTHER' ? notification.notificationType : notification.type;
      return accept({ provider: 'AMAZON', deliveryId: notification.notificationId, topic, connectionId, payload: { body: envelope, meta: { notificationId: notification.notificationId, eventTime: notification.eventTime } } });
    },

    amazonConnection: (apiKey) => deps.secrets.amazonByApiKey(apiKey),

    refuseAmazon: (origin, reason) => refuse('AMAZON', reason, {}, origin),
  };
}
