import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/app-error.ts';
import type { AppContext } from '../../http/create-app.ts';

const checkSchema = z.enum(['ok', 'not-configured']);
const healthSchema = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() });
const readySchema = z.object({ status: z.literal('ready'), checks: z.object({ database: checkSchema, redis: checkSchema }) });

const READY_TIMEOUT_MS = 2_000;

const withTimeout = <T>(promise: Promise<T>, what: string): Promise<T> =>
  Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS).unref())]);

/** GET /health (liveness: the process serves HTTP) and GET /ready (the database, and Redis when configured, answer). */
export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/health', { config: { public: true, rateLimit: false }, schema: { tags: ['health'], summary: 'Liveness', response: { 200: healthSchema } } }, async () => ({
    status: 'ok' as const,
    uptimeSeconds: Math.round(process.uptime()),
  }));

  r.get('/ready', { config: { public: true, rateLimit: false }, schema: { tags: ['health'], summary: 'Readiness: database and Redis reachable', response: { 200: readySchema } } }, async () => {
    const failures: { field: string; message: string }[] = [];
    try {
      await withTimeout(ctx.db.db.execute(sql`select 1`), 'database');
    } catch (error) {
      failures.push({ field: 'database', message: (error as Error).message });
    }
    const redisConfigured = ctx.cache.kind === 'memory+redis';
    if (redisConfigured && !(await withTimeout(ctx.cache.ping(), 'redis').catch(() => false))) {
      failures.push({ field: 'redis', message: 'redis did not answer PING' });
    }
    if (failures.length > 0) throw new AppError('UNAVAILABLE', 'Not ready: a dependency is down.', { errors: failures });
    return { status: 'ready' as const, checks: { database: 'ok' as const, redis: redisConfigured ? ('ok' as const) : ('not-configured' as const) } };
  });
}
