import type { NotificationQueue } from '@sentia/connectors/amazon/amazon-notifications';
import { AppError } from '../../http/app-error.ts';
import type { WebhooksService } from './webhooks.service.ts';

export interface ConsumeResult {
  accepted: number;
  duplicates: number;
  /** Bodies that are not SP-API notifications (or name no connection we hold): deleted (they would never parse) and reported. */
  malformed: string[];
  /** Left on the queue for redelivery (the database or job queue was unavailable). */
  failed: number;
}

/**
 * The connection a message belongs to: a fixed one (one queue per selling-partner account), or chosen per message
 * body (one queue shared by several accounts, e.g. by the notification's marketplace); null = none of ours.
 */
export type QueueConnection = string | ((body: string) => string | null);

/**
 * The SQS form of the Amazon inbound adapter (SP-API pushes to an SQS queue, reference A.10): receives up to
 * `max` messages and hands each body to the same pipeline as the HTTP route — dedupe by NotificationId, store,
 * enqueue the ingest job. A message is deleted once the pipeline has it (accepted or a duplicate), so SQS's
 * at-least-once redelivery covers a crash in between.
 */
export async function consumeAmazonQueue(input: { queue: NotificationQueue; service: WebhooksService; connectionId: QueueConnection; max?: number }): Promise<ConsumeResult> {
  const result: ConsumeResult = { accepted: 0, duplicates: 0, malformed: [], failed: 0 };
  for (const message of await input.queue.receive(input.max ?? 10)) {
    try {
      const connectionId = typeof input.connectionId === 'string' ? input.connectionId : input.connectionId(message.body);
      if (!connectionId) throw new AppError('BAD_REQUEST', 'The notification names no Amazon connection of ours.');
      const received = await input.service.receiveAmazon({ body: message.body, connectionId, origin: { requestId: `sqs:${message.receiptHandle}` } });
      if (received.status === 'accepted') result.accepted += 1;
      else result.duplicates += 1;
      await input.queue.delete(message.receiptHandle);
    } catch (error) {
      if (error instanceof AppError && error.code === 'BAD_REQUEST') {
        result.malformed.push(error.message);
        await input.queue.delete(message.receiptHandle);
      } else {
        result.failed += 1;
      }
    }
  }
  return result;
}

/**
 * Keeps consuming `queue` every `everyMs` (one receive at a time, never overlapping) until stopped: the demo's
 * in-process queue today; an SQS long-poll `NotificationQueue` plugs in at the same place.
 */
export function pollAmazonQueue(input: { queue: NotificationQueue; service: WebhooksService; connectionId: QueueConnection; everyMs?: number; onResult?: (result: ConsumeResult) => void; onError?: (error: unknown) => void }): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = consumeAmazonQueue(input)
      .then((result) => input.onResult?.(result))
      .catch((error: unknown) => input.onError?.(error))
      .finally(() => {
        running = null;
      });
  }, input.everyMs ?? 1_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
