import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext, AppModule } from '../../http/create-app.ts';
import type { JobProvider } from '../../jobs/job-provider.ts';
import { createDatabaseDeliveryClaims, createRedisDeliveryClaims, type DeliveryClaims } from './delivery-claims.ts';
import { webhookSecretsFromConnections, type WebhookSecrets } from './webhook-connections.ts';
import { createWebhooksService, type DeliveryOrigin } from './webhooks.service.ts';

const receivedSchema = z.object({ status: z.enum(['accepted', 'duplicate']), deliveryId: z.string().optional() });

export interface WebhooksModuleOptions {
  /** Where per-shop secrets come from (the integrations module's encrypted connection credentials). */
  secrets?: (ctx: AppContext) => WebhookSecrets;
  jobs?: JobProvider;
  /** Default: Redis `SET NX PX` when REDIS_URL is set, the database unique key otherwise. */
  claims?: DeliveryClaims;
  /** Dedupe window; default 24 h. */
  windowMs?: number;
}

/**
 * A store sends bursts (a sale, a bulk edit) from a few addresses: the per-client API limit would turn them into
 * 429s and hours of Shopify retries. Forged traffic is refused after one HMAC, which is cheap.
 */
const webhookRateLimit = { max: 12_000, timeWindow: '1 minute' };

const originOf = (request: FastifyRequest): DeliveryOrigin => ({ ipAddress: request.ip, userAgent: request.headers['user-agent'] ?? null, requestId: request.id });

/** EventBridge wraps the SP-API notification in an event whose `detail` is the envelope; SQS forwarders send the envelope itself. */
const unwrapEventBridge = (body: unknown): unknown => (body && typeof body === 'object' && 'detail' in body && 'detail-type' in body ? (body as { detail: unknown }).detail : body);

/**
 * Inbound webhooks: `POST /api/webhooks/shopify` (HMAC-signed per shop, raw body) and `POST /api/webhooks/amazon`
 * (SP-API notifications through an EventBridge API destination, API key in `x-api-key`). Both are public routes
 * authenticated by their signature or key, answer within milliseconds and leave the work to a job.
 */
export function webhooksModule(options: WebhooksModuleOptions = {}): AppModule {
  return {
    name: 'webhooks',
    async register(scope: FastifyInstance, ctx: AppContext) {
      const app = scope.withTypeProvider<ZodTypeProvider>();
      const claims = options.claims ?? (ctx.config.redisUrl ? await createRedisDeliveryClaims({ redisUrl: ctx.config.redisUrl, ...(options.windowMs ? { windowMs: options.windowMs } : {}) }) : createDatabaseDeliveryClaims());
      if (!options.claims) app.addHook('onClose', async () => claims.close());
      const service = createWebhooksService({
        db: ctx.db.db,
        jobs: () => options.jobs ?? ctx.jobs,
        secrets: options.secrets ? options.secrets(ctx) : webhookSecretsFromConnections({ db: ctx.db.db, config: ctx.config }),
        claims,
        logger: app.log,
        ...(options.windowMs ? { windowMs: options.windowMs } : {}),
      });

      // The HMAC is over the bytes as sent: this scope keeps bodies raw instead of parsing JSON.
      app.removeAllContentTypeParsers();
      app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 5 * 1_048_576 }, (_request, body, done) => done(null, body));

      app.post(
        '/api/webhooks/shopify',
        {
          config: { public: true, rateLimit: webhookRateLimit },
          schema: { tags: ['webhooks'], summary: 'Shopify webhook delivery (X-Shopify-Hmac-Sha256 over the raw body, per-shop secret)', response: { 200: receivedSchema } },
        },
        async (request) => {
          const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          const result = await service.receiveShopify({ rawBody, headers: request.headers, origin: originOf(request) });
          return result.status === 'accepted' ? { status: result.status, deliveryId: result.deliveryId } : { status: result.status };
        },
      );

      app.post(
        '/api/webhooks/amazon',
        {
          config: { public: true, rateLimit: webhookRateLimit },
          schema: { tags: ['webhooks'], summary: 'SP-API notification (ORDER_CHANGE, FBA_INVENTORY_AVAILABILITY_CHANGES) from an EventBridge API destination; API key in x-api-key', response: { 200: receivedSchema } },
        },
        async (request) => {
          const origin = originOf(request);
          const key = request.headers['x-api-key'];
          const connection = typeof key === 'string' && key !== '' ? await service.amazonConnection(key) : null;
          if (!connection) return service.refuseAmazon(origin, typeof key === 'string' && key !== '' ? 'unknown-api-key' : 'missing-api-key');
          let body: unknown;
          try {
            body = JSON.parse(Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '');
          } catch {
            body = undefined;
          }
          const result = await service.receiveAmazon({ body: unwrapEventBridge(body), connectionId: connection.connectionId, origin });
          return result.status === 'accepted' ? { status: result.status, deliveryId: result.deliveryId } : { status: result.status };
        },
      );
    },
  };
}
