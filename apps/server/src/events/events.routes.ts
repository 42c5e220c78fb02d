import { eventsPageSchema, eventsQuerySchema } from '@sentia/contracts/events';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../http/app-error.ts';
import type { AppModule } from '../http/create-app.ts';
import type { EventBus } from './create-event-bus.ts';
import { canSee, type SseHub } from './sse-hub.ts';

const streamQuerySchema = z.strictObject({
  types: z.string().max(500).optional().describe('comma-separated event types or prefixes ending in "." (e.g. "kpi.,order.created")'),
  /** For clients that cannot send the Last-Event-ID header. */
  lastEventId: z.coerce.number().int().nonnegative().optional(),
});

const parseTypes = (types: string | undefined) => (types ? types.split(',').map((t) => t.trim()).filter(Boolean) : []);

function parseLastEventId(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new AppError('BAD_REQUEST', 'Last-Event-ID must be the numeric id of an event');
  return Number(value);
}

/**
 * GET /api/events/stream (Server-Sent Events) and GET /api/events (the polling fallback), for any signed-in user;
 * each sees only events meant for their role.
 */
export function eventsModule(deps: { bus: EventBus; hub: SseHub }): AppModule {
  return {
    name: 'events',
    register(scope: FastifyInstance) {
      const app = scope.withTypeProvider<ZodTypeProvider>();
      // Open streams would hold the server's close() until they end on their own.
      app.addHook('preClose', async () => deps.hub.close());

      app.get(
        '/api/events/stream',
        {
          config: { signedIn: true },
          schema: {
            tags: ['events'],
            summary: 'Live domain events (text/event-stream); resumes after Last-Event-ID',
            querystring: streamQuerySchema,
          },
        },
        async (request, reply) => {
          const principal = request.principal!;
          const lastEventId = parseLastEventId(request.headers['last-event-id']) ?? request.query.lastEventId;
          if (!deps.hub.hasCapacity()) {
            throw new AppError('UNAVAILABLE', `This server instance already streams to its maximum of ${deps.hub.stats().maxConnections} clients; retry shortly or poll GET /api/events.`, {
              headers: { 'retry-after': '5' },
            });
          }
          reply.hijack();
          await deps.hub.stream(reply.raw, { userId: principal.userId, role: principal.role, types: parseTypes(request.query.types) }, lastEventId);
        },
      );

      app.get(
        '/api/events',
        {
          config: { signedIn: true },
          schema: { tags: ['events'], summary: 'Events after a sequence number (polling fallback for the stream)', querystring: eventsQuerySchema, response: { 200: eventsPageSchema } },
        },
        async (request) => {
          const principal = request.principal!;
          const { after, limit } = request.query;
          if (after === undefined) return { events: [], lastSeq: await deps.bus.latestSeq() };
          const batch = await deps.bus.readAfter(after, limit);
          const subscriber = { userId: principal.userId, role: principal.role, types: parseTypes(request.query.types) };
          return {
            events: batch.filter((e) => canSee(e, subscriber)).map(({ seq, type, occurredAt, data }) => ({ seq, type, occurredAt, data })),
            lastSeq: batch.at(-1)?.seq ?? after,
          };
        },
      );
    },
  };
}
