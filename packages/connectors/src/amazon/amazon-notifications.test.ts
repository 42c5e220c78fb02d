import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisedOrderSchema } from '@sentia/contracts/integrations';
import { type AmazonSandbox, amazonSandboxCredentials, generateAmazonSandboxData, startAmazonSandbox } from '../sandbox/amazon-sandbox.ts';
import { createFakeClock, type FakeClock } from '../shared/clock.ts';
import { createWebhookDeduper } from '../shopify/webhook-dedupe.ts';
import { createAmazonClient } from './amazon-client.ts';
import { type AmazonNotification, parseAmazonNotification, pollAmazonNotifications } from './amazon-notifications.ts';

const data = generateAmazonSandboxData({ seed: 4, orderCount: 12, marketplaces: ['UK', 'DE'] });
let sandbox: AmazonSandbox;
let clock: FakeClock;
beforeAll(async () => {
  clock = createFakeClock(Date.parse('2024-06-01T00:00:00Z'), { autoAdvance: true });
  sandbox = await startAmazonSandbox({ data, clock, visibilityTimeoutMs: 30_000 });
});
afterAll(() => sandbox.close());

const client = (ordersApiVersion: 'v0' | '2026-01-01' = 'v0') =>
  createAmazonClient({ account: 'eu', region: 'eu', endpoint: sandbox.url, tokenUrl: `${sandbox.url}/auth/o2/token`, ...amazonSandboxCredentials, marketplaces: ['UK', 'DE'], ordersApiVersion }, { clock, retry: { baseDelayMs: 1 } });

describe('parseAmazonNotification', () => {
  it('when given the reference ORDER_CHANGE envelope, then it yields the order id, marketplace and dedup id', () => {
    const n = parseAmazonNotification({
      NotificationVersion: '1.0', NotificationType: 'ORDER_CHANGE', PayloadVersion: '1.0', EventTime: '2024-05-01T09:13:00.109Z',
      Payload: { OrderChangeNotification: { NotificationLevel: 'OrderLevel', SellerId: 'A3TH9S8BH6GOGM', AmazonOrderId: '202-1845936-5435065', OrderChangeType: 'OrderStatusChange', Summary: { MarketplaceId: 'A1F83G8C2ARO7P', OrderStatus: 'Unshipped' } } },
      NotificationMetadata: { ApplicationId: 'amzn1.sellerapps.app.example', SubscriptionId: 's', PublishTime: '2024-05-01T09:13:01.284Z', NotificationId: 'd0e9e693-c3ad-4373-979f-ed4ec98dd746' },
    });
    expect(n).toEqual({ type: 'ORDER_CHANGE', notificationId: 'd0e9e693-c3ad-4373-979f-ed4ec98dd746', eventTime: '2024-05-01T09:13:00.109Z', sellerId: 'A3TH9S8BH6GOGM', amazonOrderId: '202-1845936-5435065', marketplaceId: 'A1F83G8C2ARO7P', orderStatus: 'Unshipped', changeType: 'OrderStatusChange' });
  });

  it('when the body is not an envelope, then MALFORMED_RESPONSE; unknown types pass through as OTHER', () => {
    expect(() => parseAmazonNotification('{"Notification')).toThrow(/not JSON/);
    expect(() => parseAmazonNotification({ NotificationType: 'ORDER_CHANGE' })).toThrow(expect.objectContaining({ code: 'MALFORMED_RESPONSE' }));
    expect(parseAmazonNotification({ NotificationType: 'REPORT_PROCESSING_FINISHED', EventTime: '2024-05-01T00:00:00Z', Payload: {}, NotificationMetadata: { NotificationId: 'n1' } })).toMatchObject({ type: 'OTHER', notificationType: 'REPORT_PROCESSING_FINISHED' });
  });
});

describe('Amazon notifications through the sandbox queue', () => {
  it('when an ORDER_CHANGE is queued, then the consumer refreshes that order through getOrder (v0 and v2026 alike)', async () => {
    const target = data.orders.find((o) => o.order.OrderTotal);
    if (!target) throw new Error('fixture');
    const refreshed: unknown[] = [];
    const dedupe = createWebhookDeduper({ clock });
    for (const version of ['v0', '2026-01-01'] as const) {
      sandbox.emitOrderChange(target.order.AmazonOrderId);
      const c = client(version);
      const result = await pollAmazonNotifications({
        queue: sandbox.notifications,
        dedupe,
        handle: async (n: AmazonNotification) => {
          if (n.type === 'ORDER_CHANGE') refreshed.push(await c.getOrder(n.amazonOrderId));
        },
      });
      expect(result).toMatchObject({ handled: 1, duplicates: 0, malformed: [], failed: [] });
    }
    expect(sandbox.notifications.pending()).toBe(0);
    const [v0, v26] = refreshed.map((o) => normalisedOrderSchema.parse(o));
    expect(v0?.sourceId).toBe(target.order.AmazonOrderId);
    expect({ total: v26?.total, lines: v26?.lines.map((l) => [l.sku, l.quantity, l.lineTotal]) }).toEqual({ total: v0?.total, lines: v0?.lines.map((l) => [l.sku, l.quantity, l.lineTotal]) });
  });

  it('when SQS redelivers a handled notification, then it is deleted as a duplicate without handling', async () => {
    const id = sandbox.emitOrderChange(data.orders[0]?.order.AmazonOrderId ?? '');
    sandbox.emitOrderChange(data.orders[0]?.order.AmazonOrderId ?? '', { notificationId: id });
    let handled = 0;
    const result = await pollAmazonNotifications({ queue: sandbox.notifications, dedupe: createWebhookDeduper({ clock }), handle: async () => { handled += 1; } });
    expect(result).toMatchObject({ handled: 1, duplicates: 1 });
    expect(handled).toBe(1);
    expect(sandbox.notifications.pending()).toBe(0);
  });

  it('when the handler fails, then the message stays queued and is handled on redelivery after the visibility timeout', async () => {
    sandbox.emitInventoryChange('A1F83G8C2ARO7P', 'GIN-LDN-70CL');
    const dedupe = createWebhookDeduper({ clock });
    const failing = await pollAmazonNotifications({ queue: sandbox.notifications, dedupe, handle: async () => { throw new Error('database down'); } });
    expect(failing.failed).toHaveLength(1);
    expect(sandbox.notifications.pending()).toBe(1);
    expect(await sandbox.notifications.receive(10)).toEqual([]);
    clock.set(clock.now() + 30_000);
    const seen: AmazonNotification[] = [];
    const retry = await pollAmazonNotifications({ queue: sandbox.notifications, dedupe, handle: async (n) => { seen.push(n); } });
    expect(retry.handled).toBe(1);
    const row = data.inventory.A1F83G8C2ARO7P?.find((r) => r.sellerSku === 'GIN-LDN-70CL') as unknown as { inventoryDetails: { fulfillableQuantity: number } };
    expect(seen[0]).toMatchObject({ type: 'FBA_INVENTORY_AVAILABILITY_CHANGES', sellerSku: 'GIN-LDN-70CL', byMarketplace: [{ marketplaceId: 'A1F83G8C2ARO7P', fulfillable: row.inventoryDetails.fulfillableQuantity }] });
  });

  it('when the demo creates a live order, then its ORDER_CHANGE leads the consumer to the new order', async () => {
    const live = sandbox.createLiveOrder({ marketplace: 'DE' });
    const c = client();
    const refreshed: unknown[] = [];
    await pollAmazonNotifications({ queue: sandbox.notifications, dedupe: createWebhookDeduper({ clock }), handle: async (n) => { if (n.type === 'ORDER_CHANGE') refreshed.push(await c.getOrder(n.amazonOrderId)); } });
    expect(refreshed).toHaveLength(1);
    expect(normalisedOrderSchema.parse(refreshed[0])).toMatchObject({ sourceId: live.order.AmazonOrderId, channel: 'AMAZON_EU', currency: 'EUR', statusCategory: 'open', placedAt: new Date(clock.now()).toISOString() });
  });

  it('when a queued message is garbage, then it is reported as malformed and removed, never crashing the consumer', async () => {
    sandbox.notifications.push({ NotificationType: 'ORDER_CHANGE', Payload: 'nonsense' });
    const result = await pollAmazonNotifications({ queue: sandbox.notifications, dedupe: createWebhookDeduper({ clock }), handle: async () => undefined });
    expect(result.malformed).toHaveLength(1);
    expect(sandbox.notifications.pending()).toBe(0);
  });
});
