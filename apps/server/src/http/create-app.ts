import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { DbHandle } from '@sentia/db/create-db';
import { Redis } from 'ioredis';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import { type ZodTypeProvider, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Cache } from '../cache/create-cache.ts';
import type { EventBus } from '../events/create-event-bus.ts';
import type { JobProvider } from '../jobs/job-provider.ts';
import type { Config } from '../config.ts';
import { type AuthService, createAuthService } from '../modules/auth/auth.service.ts';
import { adminRoutes } from '../modules/admin/admin.routes.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { createTotpService, type TotpService } from '../modules/auth/totp.service.ts';
import { totpRoutes } from '../modules/auth/totp.routes.ts';
import { type ExternalIdpConfig, createExternalPrincipalResolver, createExternalTokenVerifier } from '../modules/auth/external-idp.ts';
import { findPermissionsForRole } from '../modules/auth/auth.repository.ts';
import { mfaSecretKey } from '../modules/auth/mfa-secret-key.ts';
import { mockAuthRoutes } from '../modules/auth/mock-auth.routes.ts';
import { userDataRoutes } from '../modules/users/user-data.routes.ts';
import { invitationRoutes } from '../modules/invitations/invitations.routes.ts';
import type { Mailer } from '../modules/invitations/mailer.ts';
import { healthRoutes } from '../modules/health/health.routes.ts';
import { createKpiService, type KpiService } from '../modules/kpis/kpis.service.ts';
import { kpiRoutes } from '../modules/kpis/kpis.routes.ts';
import { createMetaService, type MetaService } from '../modules/meta/meta.service.ts';
import { metaRoutes } from '../modules/meta/meta.routes.ts';
import { buildProblem, errorHandler, sendProblem } from './error-handler.ts';
import { registerAccessControl } from './auth-guard.ts';
import { registerCsrfDefence } from './csrf-defence.ts';

/** Services shared by the route modules; later modules (jobs, events, …) receive the same context. */
export interface AppContext {
  config: Config;
  db: DbHandle;
  cache: Cache;
  auth: AuthService;
  /** TOTP enrolment and step-up freshness (`requireStepUp(ctx)` guards high-risk routes). */
  mfa: TotpService;
  kpis: KpiService;
  meta: MetaService;
  /** Domain events (publish from a module after a change) and the job queue; absent in tests that do not pass them. */
  events?: EventBus | undefined;
  jobs?: JobProvider | undefined;
  /** Outgoing e-mail (invitations); absent = the log mailer. */
  mailer?: Mailer | undefined;
  /** The clock tests control (sessions, MFA windows, invitation expiry); absent = the system clock. */
  now?: (() => Date) | undefined;
}

/**
 * A feature module: registers its routes (each with an access declaration) into an encapsulated scope.
 * Add new capabilities by appending to `AppDeps.modules` rather than editing createApp.
 */
export interface AppModule {
  name: string;
  register: (app: FastifyInstance, ctx: AppContext) => Promise<void> | void;
}

export interface AppDeps {
  config: Config;
  db: DbHandle;
  cache: Cache;
  /** Signs session cookies. Defaults to `config.sessionSecret` (see resolveSessionSecret). */
  sessionSecret?: string;
  /** A pino logger to use instead of one built from `config.logLevel`. */
  logger?: FastifyBaseLogger;
  /** Extra modules registered after the core ones (auth, meta, KPIs, health). */
  modules?: readonly AppModule[];
  /** The event bus and job provider from startBackgroundServices, handed to every module through the context. */
  events?: EventBus;
  jobs?: JobProvider;
  /** Accept bearer JWTs from this identity provider (Clerk or OIDC) besides session cookies; default `config.externalIdp`. */
  externalIdp?: ExternalIdpConfig;
  /** Prefix of the rate-limit counters in Redis, so apps sharing one Redis (tests) keep separate counts. */
  rateLimitNamespace?: string;
  /** The clock for sessions, lockouts and MFA windows; tests pass a controllable one. */
  now?: () => Date;
  /** Sends invitation e-mails; default a mailer that only logs (the admin portal shows the link). */
  mailer?: Mailer;
  /** Built web app to serve; default `apps/web/dist` when it exists, `null` to serve none. */
  webDistDir?: string | null;
}

/** Core modules, in registration order. */
export const coreModules: readonly AppModule[] = [
  { name: 'health', register: healthRoutes },
  { name: 'auth', register: authRoutes },
  { name: 'meta', register: metaRoutes },
  { name: 'kpis', register: kpiRoutes },
  { name: 'admin', register: adminRoutes },
  { name: 'audit', register: auditRoutes },
  { name: 'mfa', register: totpRoutes },
  { name: 'user-data', register: userDataRoutes },
  { name: 'invitations', register: invitationRoutes },
];

const defaultWebDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));
const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/**
 * Builds the HTTP application (no listen): plugins, error handling, access control, the core modules and any
 * extra modules from `deps.modules`. Tests call this with an injected database and cache.
 */
export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db, cache } = deps;
  const sessionSecret = deps.sessionSecret ?? config.sessionSecret;
  if (!sessionSecret) throw new Error('createApp: a session secret is required (resolveSessionSecret(config))');

  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: { level: config.logLevel } }),
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Probes hit /health and /ready every few seconds; their access lines would drown the real traffic.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: (req) => req.url === '/health' || req.url === '/ready' }),
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // HSTS only makes sense once TLS is terminated in front of us.
    hsts: config.isProduction && config.trustProxy,
  });
  if (config.corsOrigins.length > 0) await app.register(fastifyCors, { origin: config.corsOrigins, credentials: true });
  await app.register(fastifyCookie, { secret: sessionSecret });
  registerCsrfDefence(app, { allowedOrigins: config.corsOrigins });

  const secretKey = mfaSecretKey(config.mfaEncryptionKey, sessionSecret);
  // Mock sign-in (development only, refused in production by config) skips forced enrolment and step-up.
  const auth = createAuthService({ db, cache, isProduction: config.isProduction, mfaSecretKey: secretKey, mfaRequiredRoles: config.authMock ? [] : config.mfaRequiredRoles, passwordChangeWaived: config.authMock, ...(deps.now ? { now: deps.now } : {}) });
  const externalIdp = deps.externalIdp ?? config.externalIdp ?? undefined;
  const external = externalIdp
    ? createExternalPrincipalResolver({
        db: db.db,
        verify: await createExternalTokenVerifier(externalIdp, deps.now),
        // Same cache entries as the session path, so an RBAC change reaches bearer principals too.
        permissionsFor: (role) => cache.getOrCompute(`auth:role-permissions:${role}`, ['rbac'], () => findPermissionsForRole(db.db, role), { ttlSeconds: 300 }),
        ...(deps.now ? { now: deps.now } : {}),
      })
    : null;
  const resolvePrincipal = async (request: FastifyRequest) => (await auth.principalFromRequest(request)) ?? (external ? external(request) : null);

  const rateLimitRedis = config.redisUrl ? new Redis(config.redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: 1, lazyConnect: false }) : null;
  if (rateLimitRedis) app.addHook('onClose', async () => void (await rateLimitRedis.quit().catch(() => undefined)));
  await app.register(fastifyRateLimit, {
    // Spec: 100 requests a minute per signed-in user across the API; anonymous callers are counted per IP.
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: async (req: FastifyRequest) => {
      try {
        // Resolved once here and reused by the access guard (the session lookup is cached anyway).
        req.principal ??= await resolvePrincipal(req);
      } catch {
        // A refused bearer token: the guard answers 401; count the attempt against the address.
      }
      return req.principal ? `user:${req.principal.userId}` : `ip:${req.ip}`;
    },
    allowList: (req: FastifyRequest) => !req.url.startsWith('/api/'),
    ...(rateLimitRedis ? { redis: rateLimitRedis, nameSpace: `${deps.rateLimitNamespace ?? 'sentia'}:rate-limit:` } : {}),
  });
  await app.register(fastifyCompress, { global: true, threshold: 1024 });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Sentia Manufacturing Dashboard API', version: '0.1.0', description: 'Errors are application/problem+json (RFC 9457). Authentication: the httpOnly session cookie set by POST /api/auth/sign-in.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sentia_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  // Registered before access control, so the documentation pages are public.
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  registerAccessControl(app, resolvePrincipal);

  const mfa = createTotpService({ db, cache, secretKey, stepUpWaived: config.authMock, ...(deps.now ? { now: deps.now } : {}) });
  const ctx: AppContext = { config, db, cache, auth, mfa, kpis: createKpiService({ db, cache }), meta: createMetaService({ db, cache }), events: deps.events, jobs: deps.jobs, mailer: deps.mailer, now: deps.now };

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const modules = [...coreModules, ...(config.authMock ? [{ name: 'mock-auth', register: mockAuthRoutes }] : []), ...(deps.modules ?? [])];
  for (const mod of modules) {
    await app.register(async (scope) => mod.register(scope, ctx));
  }

  const webDist = deps.webDistDir === undefined ? (existsSync(`${defaultWebDist}/index.html`) ? defaultWebDist : null) : deps.webDistDir;
  if (webDist) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: true,
      index: ['index.html'],
      setHeaders: (res, filePath) => {
        // Vite fingerprints everything under assets/, so those can be cached for a year; index.html never.
        void res.header('cache-control', filePath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isApi = path === '/api' || path.startsWith('/api/');
    if (webDist && !isApi && (request.method === 'GET' || request.method === 'HEAD')) {
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
    }
    return sendProblem(reply, buildProblem('NOT_FOUND', `No route for ${request.method} ${path}.`, request));
  });

  return app;
}
