import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the raw body bytes, key = the shop's
 * webhook secret) in constant time. Pass the body exactly as received: re-serialised JSON
 * does not hash the same.
 */
export function verifyShopifyWebhook(rawBody: Buffer | string, headerHmac: string | null | undefined, secret: string): boolean {
  if (!headerHmac || secret === '') return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(headerHmac, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Signs a body the way Shopify does (used by the sandbox's webhook emitter and by tests). */
export function signShopifyWebhook(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

export interface ShopifyWebhookHeaders {
  topic: string;
  hmac: string;
  shopDomain: string;
  apiVersion: string;
  webhookId: string;
  /** Shopify's recommended dedup key; optional in the official validator. */
  eventId: string | null;
  triggeredAt: string | null;
  name: string | null;
}

export type ShopifyWebhookRejection = 'missing-headers' | 'unknown-shop' | 'invalid-signature' | 'malformed-body';

export type ShopifyWebhookResult =
  | { ok: true; headers: ShopifyWebhookHeaders; payload: unknown }
  | { ok: false; reason: ShopifyWebhookRejection; shopDomain: string | null; detail: string };

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  const lower = name.toLowerCase();
  const candidates = [`x-shopify-${lower}`, `shopify-${lower}`];
  for (const candidate of candidates) {
    const value = headers instanceof Headers ? headers.get(candidate) : (headers[candidate] ?? headers[candidate.replace(/(^|-)\w/g, (m) => m.toUpperCase())]);
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && first !== '') return first;
  }
  return null;
}

/**
 * Reads Shopify webhook headers (classic `X-Shopify-*` and the newer un-prefixed `shopify-*`
 * Events form). Returns null when a header the official validator requires is missing.
 */
export function readShopifyWebhookHeaders(headers: HeaderSource): ShopifyWebhookHeaders | null {
  const topic = header(headers, 'topic');
  const hmac = header(headers, 'hmac-sha256');
  const shopDomain = header(headers, 'shop-domain');
  const apiVersion = header(headers, 'api-version');
  const webhookId = header(headers, 'webhook-id');
  if (!topic || !hmac || !shopDomain || !apiVersion || !webhookId) return null;
  return { topic, hmac, shopDomain: shopDomain.toLowerCase(), apiVersion, webhookId, eventId: header(headers, 'event-id'), triggeredAt: header(headers, 'triggered-at'), name: header(headers, 'name') };
}

/**
 * Authenticates one delivery for a multi-store setup: finds the shop's secret by
 * `X-Shopify-Shop-Domain`, verifies the HMAC over the raw body, then parses the JSON. Rejections
 * carry a reason for the security-event log; nothing here echoes the secret.
 */
export function authenticateShopifyWebhook(input: {
  rawBody: Buffer | string;
  headers: HeaderSource;
  secretForShop: (shopDomain: string) => string | undefined;
}): ShopifyWebhookResult {
  const headers = readShopifyWebhookHeaders(input.headers);
  if (!headers) return { ok: false, reason: 'missing-headers', shopDomain: header(input.headers, 'shop-domain'), detail: 'a required X-Shopify-* header is missing' };
  const secret = input.secretForShop(headers.shopDomain);
  if (secret === undefined) return { ok: false, reason: 'unknown-shop', shopDomain: headers.shopDomain, detail: `no connection for shop ${headers.shopDomain}` };
  if (!verifyShopifyWebhook(input.rawBody, headers.hmac, secret)) {
    return { ok: false, reason: 'invalid-signature', shopDomain: headers.shopDomain, detail: `HMAC mismatch for ${headers.topic} delivery ${headers.webhookId}` };
  }
  try {
    return { ok: true, headers, payload: JSON.parse(typeof input.rawBody === 'string' ? input.rawBody : input.rawBody.toString('utf8')) as unknown };
  } catch {
    return { ok: false, reason: 'malformed-body', shopDomain: headers.shopDomain, detail: 'signed body is not valid JSON' };
  }
}
