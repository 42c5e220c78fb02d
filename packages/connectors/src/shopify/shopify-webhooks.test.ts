import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisedOrderSchema, type NormalisedOrder } from '@sentia/contracts/integrations';
import { type ShopifySandbox, generateShopifySandboxStore, startShopifySandbox } from '../sandbox/shopify-sandbox.ts';
import { createFakeClock } from '../shared/clock.ts';
import { mapWebhookInventoryLevel, mapWebhookOrder } from './map-shopify-order.ts';
import { createShopifyStores } from './shopify-client.ts';
import { authenticateShopifyWebhook, readShopifyWebhookHeaders, signShopifyWebhook, verifyShopifyWebhook } from './verify-shopify-webhook.ts';
import { createOutOfOrderGuard, createWebhookDeduper, isNewerUpdate } from './webhook-dedupe.ts';

const uk = generateShopifySandboxStore({ shopDomain: 'sentia-uk.myshopify.com', currency: 'GBP', seed: 5, orderCount: 12 });
const us = generateShopifySandboxStore({ shopDomain: 'sentia-us.myshopify.com', currency: 'USD', seed: 9, orderCount: 5, idBase: 6_100_000_000_000 });

interface Received { status: number; outcome: string; order?: NormalisedOrder }
let sandbox: ShopifySandbox;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
const applied = new Map<string, NormalisedOrder>();

beforeAll(async () => {
  sandbox = await startShopifySandbox({ stores: [uk, us], webhookRetryDelaysMs: [1, 1, 1] });
  const stores = createShopifyStores(
    [uk, us].map((s) => ({ shopDomain: s.shopDomain, accessToken: s.accessToken, webhookSecret: s.webhookSecret, channel: s.currency === 'USD' ? ('SHOPIFY_US' as const) : ('SHOPIFY_UK' as const), region: s.currency === 'USD' ? ('US' as const) : ('UK' as const), baseUrl: sandbox.baseUrlFor(s.shopDomain) })),
  );
  const deduper = createWebhookDeduper();
  const guard = createOutOfOrderGuard();
  // The pipeline the server route will run: verify → dedupe → map → out-of-order guard.
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const result = authenticateShopifyWebhook({ rawBody: Buffer.concat(chunks), headers: req.headers, secretForShop: stores.secretForShop });
      const reply = (status: number, outcome: string, order?: NormalisedOrder) => {
        received.push({ status, outcome, order });
        res.writeHead(status).end();
      };
      if (!result.ok) return reply(401, result.reason);
      if (deduper.isDuplicate(result.headers.eventId ?? result.headers.webhookId)) return reply(200, 'duplicate');
      const context = stores.storeContext(result.headers.shopDomain);
      if (!context) return reply(401, 'unknown-shop');
      if (!result.headers.topic.startsWith('orders/')) return reply(200, 'ignored-topic');
      const order = mapWebhookOrder(result.payload, context);
      if (!guard.shouldApply(order.sourceId, order.updatedAt)) return reply(200, 'stale');
      applied.set(order.sourceId, order);
      return reply(200, 'applied', order);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/shopify`;
});
afterAll(async () => {
  await sandbox.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('verifyShopifyWebhook', () => {
  it('when given the reference test vector, then it verifies; any change to body, HMAC or secret fails', () => {
    const body = '{"id":820982911946154508,"name":"#1001"}';
    const hmac = 'DhIRdKc/LXOvFjxrfojUuKJAjNUtjyZjstUwRpcOF2k=';
    expect(verifyShopifyWebhook(Buffer.from(body), hmac, 'shpss_test_secret')).toBe(true);
    expect(signShopifyWebhook(body, 'shpss_test_secret')).toBe(hmac);
    expect(verifyShopifyWebhook(body.replace('1001', '1002'), hmac, 'shpss_test_secret')).toBe(false);
    expect(verifyShopifyWebhook(body, hmac, 'other_secret')).toBe(false);
    expect(verifyShopifyWebhook(body, `${hmac.slice(0, -2)}A=`, 'shpss_test_secret')).toBe(false);
    expect(verifyShopifyWebhook(body, '', 'shpss_test_secret')).toBe(false);
    expect(verifyShopifyWebhook(body, undefined, 'shpss_test_secret')).toBe(false);
    expect(verifyShopifyWebhook(body, 'AAAA', 'shpss_test_secret')).toBe(false);
    // Re-serialising parsed JSON changes the bytes (the big id loses precision) and must fail.
    expect(verifyShopifyWebhook(JSON.stringify(JSON.parse(body)), hmac, 'shpss_test_secret')).toBe(false);
  });

  it('when headers use the new un-prefixed Events form, then they are read too; missing required ones give null', () => {
    const h = readShopifyWebhookHeaders(new Headers({ 'shopify-topic': 'orders/create', 'shopify-hmac-sha256': 'x', 'shopify-shop-domain': 'A.myshopify.com', 'shopify-api-version': '2026-01', 'shopify-webhook-id': 'w' }));
    expect(h).toMatchObject({ topic: 'orders/create', shopDomain: 'a.myshopify.com', eventId: null });
    expect(readShopifyWebhookHeaders({ 'x-shopify-topic': 'orders/create' })).toBeNull();
  });
});

describe('Shopify webhooks from the sandbox', () => {
  it('when a signed orders/create arrives, then it is applied and maps to the same order as the GraphQL sync', async () => {
    const order = uk.orders[1];
    if (!order) throw new Error('fixture');
    const delivery = await sandbox.emitWebhook({ shopDomain: uk.shopDomain, topic: 'orders/create', url: receiverUrl, resourceId: order.id });
    expect(delivery.attempts).toEqual([200]);
    const last = received.at(-1);
    expect(last?.outcome).toBe('applied');
    normalisedOrderSchema.parse(last?.order);
    const stores = createShopifyStores([{ shopDomain: uk.shopDomain, accessToken: uk.accessToken, webhookSecret: uk.webhookSecret, channel: 'SHOPIFY_UK', region: 'UK', baseUrl: sandbox.baseUrlFor(uk.shopDomain) }], { retry: { baseDelayMs: 1 } });
    const page = await stores.client(uk.shopDomain).getOrdersPage({ updatedSince: order.updatedAt, after: null });
    const viaGraphql = page.orders.find((o) => o.sourceId === last?.order?.sourceId);
    const pick = (o?: NormalisedOrder) => o && { ...o, lines: o.lines.map((l) => ({ ...l, title: null })), status: o.status.toUpperCase() };
    expect(pick(last?.order)).toEqual(pick(viaGraphql));
  });

  it('when a delivery is forged (wrong secret), then it is refused with 401 and Shopify-style retries are refused too', async () => {
    const before = applied.size;
    const delivery = await sandbox.emitWebhook({ shopDomain: uk.shopDomain, topic: 'orders/updated', url: receiverUrl, resourceId: uk.orders[2]?.id ?? 0, badSignature: true });
    expect(delivery.attempts).toEqual([401, 401, 401, 401]);
    expect(received.slice(-4).map((r) => r.outcome)).toEqual(['invalid-signature', 'invalid-signature', 'invalid-signature', 'invalid-signature']);
    expect(applied.size).toBe(before);
  });

  it('when a bad-signature fault is queued, then the next emitted webhook is forged and refused', async () => {
    sandbox.faults.inject({ kind: 'bad-signature', pathIncludes: 'webhook' });
    const delivery = await sandbox.emitWebhook({ shopDomain: us.shopDomain, topic: 'orders/create', url: receiverUrl, resourceId: us.orders[0]?.id ?? 0 });
    expect(delivery.attempts[0]).toBe(401);
    // Only the first attempt was forged; Shopify's retry re-signs correctly and is accepted.
    expect(delivery.attempts).toEqual([401, 200]);
  });

  it('when the body is tampered after signing, or signed for another shop, then it is refused', async () => {
    const order = uk.orders[3];
    if (!order) throw new Error('fixture');
    const body = JSON.stringify(sandbox.restOrder(uk.shopDomain, order.id));
    const headers = { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-shop-domain': uk.shopDomain, 'x-shopify-api-version': '2025-10', 'x-shopify-webhook-id': 'w-1', 'x-shopify-event-id': 'e-tamper' };
    const tampered = body.replace(/"total_price":"[^"]+"/, '"total_price":"0.01"');
    let res = await fetch(receiverUrl, { method: 'POST', headers: { ...headers, 'x-shopify-hmac-sha256': signShopifyWebhook(body, uk.webhookSecret) }, body: tampered });
    expect(res.status).toBe(401);
    res = await fetch(receiverUrl, { method: 'POST', headers: { ...headers, 'x-shopify-hmac-sha256': signShopifyWebhook(body, us.webhookSecret) }, body });
    expect(res.status).toBe(401);
    res = await fetch(receiverUrl, { method: 'POST', headers: { ...headers, 'x-shopify-shop-domain': 'stranger.myshopify.com', 'x-shopify-hmac-sha256': signShopifyWebhook(body, uk.webhookSecret) }, body });
    expect(res.status).toBe(401);
    expect(received.at(-1)?.outcome).toBe('unknown-shop');
  });

  it('when a delivery is replayed byte for byte, or re-sent with the same event id, then it is acknowledged but not applied twice', async () => {
    const order = uk.orders[4];
    if (!order) throw new Error('fixture');
    const first = await sandbox.emitWebhook({ shopDomain: uk.shopDomain, topic: 'orders/updated', url: receiverUrl, resourceId: order.id });
    expect(received.at(-1)?.outcome).toBe('applied');
    expect(await sandbox.replayWebhook(first, receiverUrl)).toBe(200);
    expect(received.at(-1)?.outcome).toBe('duplicate');
    await sandbox.emitWebhook({ shopDomain: uk.shopDomain, topic: 'orders/updated', url: receiverUrl, resourceId: order.id, eventId: first.eventId });
    expect(received.at(-1)?.outcome).toBe('duplicate');
  });

  it('when an older update arrives after a newer one, then the stale one is ignored', async () => {
    const order = uk.orders[5];
    if (!order) throw new Error('fixture');
    const olderTime = order.updatedAt;
    sandbox.upsertOrder(uk.shopDomain, { ...order, updatedAt: new Date(Date.parse(olderTime) + 3_600_000).toISOString(), financialStatus: 'REFUNDED' });
    await sandbox.emitWebhook({ shopDomain: uk.shopDomain, topic: 'orders/updated', url: receiverUrl, resourceId: order.id });
    expect(received.at(-1)?.outcome).toBe('applied');
    sandbox.upsertOrder(uk.shopDomain, { ...order, updatedAt: olderTime });
    await sandbox.emitWebhook({ shopDomain: uk.shopDomain, topic: 'orders/updated', url: receiverUrl, resourceId: order.id });
    expect(received.at(-1)?.outcome).toBe('stale');
    expect(applied.get(`gid://shopify/Order/${order.id}`)?.status).toBe('REFUNDED');
  });

  it('when the demo creates a live order, then its signed orders/create is applied and the order is new', async () => {
    const before = uk.orders.length;
    const { order, delivery } = await sandbox.createLiveOrder(uk.shopDomain, { webhookUrl: receiverUrl });
    expect(delivery?.attempts).toEqual([200]);
    expect(uk.orders).toHaveLength(before + 1);
    expect(received.at(-1)).toMatchObject({ outcome: 'applied', order: { sourceId: `gid://shopify/Order/${order.id}`, status: 'PAID', statusCategory: 'open', refunds: [] } });
  });

  it('when an inventory_levels/update arrives, then its level id and available count are read', () => {
    const item = uk.inventoryItems[0];
    const level = item?.levels[0];
    const mapped = mapWebhookInventoryLevel({ inventory_item_id: item?.id, location_id: level?.locationId, available: 118, updated_at: '2024-05-01T10:31:12+01:00' });
    expect(mapped).toEqual({
      sourceId: `gid://shopify/InventoryLevel/${level?.locationId}?inventory_item_id=${item?.id}`,
      inventoryItemId: `gid://shopify/InventoryItem/${item?.id}`,
      locationId: `gid://shopify/Location/${level?.locationId}`,
      available: '118',
      updatedAt: '2024-05-01T09:31:12.000Z',
    });
    expect(() => mapWebhookInventoryLevel({ location_id: 1 })).toThrow(/inventory_levels webhook/);
  });

  it('when a refund fixture from the reference has numeric subtotals, then the order webhook mapping keeps exact decimals', () => {
    const order = mapWebhookOrder(
      {
        id: 450789469, name: '#1001', created_at: '2024-05-01T10:30:00+01:00', updated_at: '2024-05-01T10:30:05+01:00', currency: 'GBP',
        financial_status: 'partially_refunded', total_price: '69.98', total_tax: '11.66',
        line_items: [{ id: 466157049, sku: 'GIN-LDN-70CL', quantity: 2, price: '34.99', total_discount: '0.00', tax_lines: [{ price: '11.66' }] }],
        refunds: [{ id: 509562969, created_at: '2024-05-03T11:38:15+01:00', refund_line_items: [{ quantity: 1, subtotal: 29.16, line_item: { sku: 'GIN-LDN-70CL' } }], transactions: [{ kind: 'refund', status: 'success', amount: '34.99' }] }],
      },
      { shopDomain: 'sentia-uk.myshopify.com', channel: 'SHOPIFY_UK', region: 'UK' },
    );
    expect(order.lines[0]).toMatchObject({ unitPrice: '34.99', lineTotal: '69.98', tax: '11.66' });
    expect(order.refunds[0]).toMatchObject({ sourceId: 'gid://shopify/Refund/509562969', amount: '34.99', refundedAt: '2024-05-03T10:38:15.000Z', lines: [{ sku: 'GIN-LDN-70CL', quantity: '1', amount: '29.16' }] });
  });
});

describe('createWebhookDeduper / out-of-order guard', () => {
  it('when the same event id comes back within 24 h, then it is a duplicate; after 24 h it is new again', () => {
    const clock = createFakeClock(0);
    const dedupe = createWebhookDeduper({ clock });
    expect(dedupe.isDuplicate('evt-1')).toBe(false);
    clock.set(23 * 3_600_000);
    expect(dedupe.isDuplicate('evt-1')).toBe(true);
    clock.set(24 * 3_600_000 + 1);
    expect(dedupe.isDuplicate('evt-1')).toBe(false);
    expect(dedupe.size()).toBe(1);
  });

  it('when comparing update times, then only strictly newer versions win', () => {
    expect(isNewerUpdate('2024-05-01T10:00:00Z', null)).toBe(true);
    expect(isNewerUpdate('2024-05-01T10:00:00Z', '2024-05-01T11:00:00+01:00')).toBe(false);
    expect(isNewerUpdate('2024-05-01T10:00:01Z', '2024-05-01T10:00:00Z')).toBe(true);
  });
});
