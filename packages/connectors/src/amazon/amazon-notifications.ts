import { z } from 'zod';
import { ConnectorError } from '../shared/connector-error.ts';
import { toUtcIso } from '../shared/decimal.ts';

/**
 * SP-API pushes through SQS/EventBridge, never HTTP (reference A.10). These types and
 * `parseAmazonNotification` are the inbound adapter: whatever receives the queue message hands its
 * body here, and the result feeds the same pipeline as Shopify webhooks (dedupe by
 * `notificationId`, then refresh the order or inventory through the API).
 */
export type AmazonNotification =
  | {
      type: 'ORDER_CHANGE';
      notificationId: string;
      eventTime: string;
      sellerId: string;
      amazonOrderId: string;
      marketplaceId: string | null;
      orderStatus: string | null;
      changeType: string | null;
    }
  | {
      type: 'FBA_INVENTORY_AVAILABILITY_CHANGES';
      notificationId: string;
      eventTime: string;
      sellerId: string;
      sellerSku: string;
      asin: string | null;
      byMarketplace: { marketplaceId: string; fulfillable: number; unfulfillable: number; inbound: number; researching: number }[];
    }
  | { type: 'OTHER'; notificationType: string; notificationId: string; eventTime: string };

const envelopeSchema = z.object({
  NotificationType: z.string().min(1),
  EventTime: z.string(),
  Payload: z.record(z.string(), z.unknown()),
  NotificationMetadata: z.object({ NotificationId: z.string().min(1) }),
});
const orderChangeSchema = z.object({
  SellerId: z.string(),
  AmazonOrderId: z.string().min(1),
  OrderChangeType: z.string().optional(),
  Summary: z.object({ MarketplaceId: z.string().optional(), OrderStatus: z.string().optional() }).optional(),
});
const inventoryChangeSchema = z.object({
  SellerId: z.string(),
  ASIN: z.string().optional(),
  SKU: z.string().min(1),
  FulfillmentInventoryByMarketplace: z.array(
    z.object({
      MarketplaceId: z.string(),
      FulfillmentInventory: z.object({
        Fulfillable: z.number().int().optional(),
        Unfulfillable: z.number().int().optional(),
        Researching: z.number().int().optional(),
        InboundQuantityBreakdown: z.object({ Working: z.number().int().optional(), Shipped: z.number().int().optional(), Receiving: z.number().int().optional() }).optional(),
      }),
    }),
  ),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConnectorError('MALFORMED_RESPONSE', `${what}: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? 'invalid'}`, { integration: 'amazon' });
  }
  return result.data;
}

/** Parses one notification envelope (an SQS message body, as text or parsed JSON). */
export function parseAmazonNotification(body: string | unknown): AmazonNotification {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      throw new ConnectorError('MALFORMED_RESPONSE', 'notification body is not JSON', { integration: 'amazon' });
    }
  }
  const envelope = parse(envelopeSchema, value, 'notification');
  const base = { notificationId: envelope.NotificationMetadata.NotificationId, eventTime: toUtcIso(envelope.EventTime, 'EventTime', 'amazon') };
  if (envelope.NotificationType === 'ORDER_CHANGE') {
    const p = parse(orderChangeSchema, envelope.Payload.OrderChangeNotification, 'OrderChangeNotification');
    return { type: 'ORDER_CHANGE', ...base, sellerId: p.SellerId, amazonOrderId: p.AmazonOrderId, marketplaceId: p.Summary?.MarketplaceId ?? null, orderStatus: p.Summary?.OrderStatus ?? null, changeType: p.OrderChangeType ?? null };
  }
  if (envelope.NotificationType === 'FBA_INVENTORY_AVAILABILITY_CHANGES') {
    // The payload object is documented without a wrapper key in some versions: accept both.
    const raw = envelope.Payload.FBAInventoryAvailabilityChangeNotification ?? envelope.Payload;
    const p = parse(inventoryChangeSchema, raw, 'FBAInventoryAvailabilityChangeNotification');
    return {
      type: 'FBA_INVENTORY_AVAILABILITY_CHANGES',
      ...base,
      sellerId: p.SellerId,
      sellerSku: p.SKU,
      asin: p.ASIN ?? null,
      byMarketplace: p.FulfillmentInventoryByMarketplace.map((m) => {
        const inv = m.FulfillmentInventory;
        const inbound = inv.InboundQuantityBreakdown;
        return { marketplaceId: m.MarketplaceId, fulfillable: inv.Fulfillable ?? 0, unfulfillable: inv.Unfulfillable ?? 0, researching: inv.Researching ?? 0, inbound: (inbound?.Working ?? 0) + (inbound?.Shipped ?? 0) + (inbound?.Receiving ?? 0) };
      }),
    };
  }
  return { type: 'OTHER', notificationType: envelope.NotificationType, ...base };
}

/** A queue as the consumer sees it (SQS in production, the sandbox's in-memory queue in tests). */
export interface NotificationQueue {
  receive(max: number): Promise<{ receiptHandle: string; body: string }[]>;
  /** Acknowledges a message; until then it is redelivered (at-least-once). */
  delete(receiptHandle: string): Promise<void>;
}

export interface NotificationPollResult {
  handled: number;
  duplicates: number;
  /** Messages that could not be parsed; they are deleted (they would never parse) and reported. */
  malformed: { receiptHandle: string; reason: string }[];
  /** Handler failures; left on the queue for redelivery. */
  failed: { notificationId: string; reason: string }[];
}

/**
 * Drains up to `max` messages once: parse → dedupe by NotificationId → handle → delete. A handler
 * that throws leaves its message for redelivery; duplicates are deleted without handling.
 */
export async function pollAmazonNotifications(input: {
  queue: NotificationQueue;
  /** Dedup window over NotificationId (SQS is at-least-once); ids are remembered only after successful handling. */
  dedupe: { has(notificationId: string): boolean; remember(notificationId: string): void };
  handle: (notification: AmazonNotification) => Promise<void>;
  max?: number;
}): Promise<NotificationPollResult> {
  const result: NotificationPollResult = { handled: 0, duplicates: 0, malformed: [], failed: [] };
  for (const message of await input.queue.receive(input.max ?? 10)) {
    let notification: AmazonNotification;
    try {
      notification = parseAmazonNotification(message.body);
    } catch (error) {
      result.malformed.push({ receiptHandle: message.receiptHandle, reason: (error as Error).message });
      await input.queue.delete(message.receiptHandle);
      continue;
    }
    if (input.dedupe.has(notification.notificationId)) {
      result.duplicates += 1;
      await input.queue.delete(message.receiptHandle);
      continue;
    }
    try {
      await input.handle(notification);
      input.dedupe.remember(notification.notificationId);
      result.handled += 1;
      await input.queue.delete(message.receiptHandle);
    } catch (error) {
      result.failed.push({ notificationId: notification.notificationId, reason: (error as Error).message });
    }
  }
  return result;
}
