import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { type Role, roleCodes } from '@sentia/contracts/common';
import { z } from 'zod';
import type { ExternalIdpConfig } from './modules/auth/external-idp.ts';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyAsUndefined, z.string().min(1).default('0.0.0.0')),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().min(1).default('./data')),
  /** Built web app to serve instead of apps/web/dist (a second build, e.g. the mock-auth browser tests'). */
  WEB_DIST_DIR: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  REDIS_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
      .optional(),
  ),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  SESSION_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  DEMO_DATA: z.preprocess(emptyAsUndefined, booleanString.default(true)),
  /** In demo mode, simulate new orders every 20 s so live dashboards move; tests comparing exact numbers turn it off. */
  DEMO_LIVE_ORDERS: z.preprocess(emptyAsUndefined, booleanString.default(true)),
  /** In demo mode, queue a forecast run of the aggregate series when the database has none, so the cash runway and forecasting page start forecast-driven. */
  DEMO_FORECAST_ON_START: z.preprocess(emptyAsUndefined, booleanString.default(true)),
  /** Honour X-Forwarded-* from a reverse proxy (needed to know the request arrived over HTTPS). */
  TRUST_PROXY: z.preprocess(emptyAsUndefined, booleanString.default(false)),
  /** Comma-separated browser origins allowed to call the API cross-origin; empty = same-origin only. */
  CORS_ORIGINS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
      .pipe(z.array(z.url({ message: 'must be a comma-separated list of origins (https://host[:port])' })))
      .default([]),
  ),
  /** API requests per minute per signed-in user (per client IP for anonymous requests); spec: 100. */
  RATE_LIMIT_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(1).default(100)),
  /** Requests per minute per client IP to each authentication endpoint (sign-in, TOTP, step-up); spec: 20. */
  AUTH_RATE_LIMIT_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(1).default(20)),
  /** AES-256 key (base64 or hex, 32 bytes) for TOTP secrets at rest; derived from the session secret when unset. */
  MFA_ENCRYPTION_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((v) => /^[0-9a-fA-F]{64}$/.test(v.trim()) || Buffer.from(v.trim(), 'base64').length === 32, 'must be 32 bytes as base64 (44 characters) or hex (64 characters)')
      .optional(),
  ),
  /** Roles that must enrol TOTP before they can use anything; spec: ADMIN. */
  MFA_REQUIRED_ROLES: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((s) => s.split(',').map((r) => r.trim().toUpperCase()).filter(Boolean))
      .pipe(z.array(z.enum(roleCodes, { message: 'must be a comma-separated list of ADMIN, MANAGER, OPERATOR, VIEWER' })))
      .default(['ADMIN']),
  ),
  /** Purchase orders worth more than this (in the order's currency, decimal) need a fresh second factor to approve. */
  STEP_UP_PO_APPROVAL_ABOVE: z.preprocess(emptyAsUndefined, z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be a decimal amount like 10000 or 10000.00').default('10000')),
  /** How long an invitation link stays valid. */
  INVITATION_TTL_HOURS: z.preprocess(emptyAsUndefined, z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(1).max(720).default(72)),
  /** Development only: a role picker instead of sign-in. Refused when NODE_ENV=production. */
  AUTH_MOCK: z.preprocess(emptyAsUndefined, booleanString.default(false)),
  /** External identity provider (Clerk or OIDC): expected `iss`; setting it turns bearer-JWT sign-in on. */
  AUTH_JWT_ISSUER: z.preprocess(emptyAsUndefined, z.url({ message: 'must be the issuer URL (https://…)' }).optional()),
  AUTH_JWKS_URL: z.preprocess(emptyAsUndefined, z.url({ message: 'must be a URL (https://…/.well-known/jwks.json)' }).optional()),
  /** SPKI PEM public key instead of a JWKS URL (Clerk's CLERK_JWT_KEY); `\n` escapes are accepted. */
  AUTH_JWT_PUBLIC_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Allowed `azp` values (the web origins the IdP issued tokens for), comma-separated. */
  AUTH_ALLOWED_ORIGINS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
      .optional(),
  ),
  /** Dot path of the role claim in the JWT. */
  AUTH_ROLE_CLAIM: z.preprocess(emptyAsUndefined, z.string().regex(/^[\w-]+(\.[\w-]+)*$/, 'must be a dot path like metadata.role').default('metadata.role')),
  /** Accepted JWT signature algorithms, comma-separated. */
  AUTH_JWT_ALGORITHMS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((s) => s.split(',').map((a) => a.trim()).filter(Boolean))
      .pipe(z.array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'], { message: 'must be asymmetric JWS algorithms (RS256, ES256, EdDSA, …)' })))
      .default(['RS256']),
  ),
  /** Hot-KPI cache lifetime; the spec asks for 5 minutes. */
  KPI_CACHE_TTL_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(0).max(86_400).default(300)),
  /** AES-256 key (base64 or hex, 32 bytes) for integration credentials at rest; outside production derived from the session secret when unset. */
  INTEGRATIONS_SECRET_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((v) => /^[0-9a-fA-F]{64}$/.test(v.trim()) || Buffer.from(v.trim(), 'base64').length === 32, 'must be 32 bytes as base64 (44 characters) or hex (64 characters)')
      .optional(),
  ),
  /** Demo mode: run the Amazon, Shopify and Unleashed sandboxes in-process and sync the demo company through the real connectors. */
  DEMO_CONNECTORS: z.preprocess(emptyAsUndefined, booleanString.default(false)),
  /** Days webhook deliveries are kept for audit and debugging; at least 1 (the 24-hour dedupe window reads them). */
  WEBHOOK_RETENTION_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number({ message: 'must be a number' }).int('must be a whole number of days').min(1, 'must be at least 1 (the dedupe window is 24 hours)').max(3650).default(7)),
});

/** The server's configuration, parsed once from the environment. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  host: string;
  /** Absolute path. */
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Undefined until {@link resolveSessionSecret} fills it in from DATA_DIR. */
  sessionSecret: string | undefined;
  demoData: boolean;
  demoLiveOrders: boolean;
  demoForecastOnStart: boolean;
  trustProxy: boolean;
  corsOrigins: string[];
  rateLimitPerMinute: number;
  authRateLimitPerMinute: number;
  kpiCacheTtlSeconds: number;
  /** Configured key for integration credentials; null = derived from the session secret outside production (see integrationsSecretKey). */
  integrationsSecretKey: string | null;
  demoConnectors: boolean;
  /** Webhook deliveries older than this many days are pruned (dedupe still looks back 24 hours). */
  webhookRetentionDays: number;
  /** Configured key for TOTP secrets at rest; null = derived from the session secret (see mfaEncryptionKey). */
  mfaEncryptionKey: string | null;
  mfaRequiredRoles: Role[];
  /** Decimal amount; approving a purchase order above it needs a fresh second factor. */
  stepUpPurchaseOrderAbove: string;
  invitationTtlHours: number;
  /** WEB_DIST_DIR; null = apps/web/dist when it exists. */
  webDistDir: string | null;
  authMock: boolean;
  /** Bearer-JWT identity provider from AUTH_JWT_*; null when not configured. */
  externalIdp: ExternalIdpConfig | null;
}

/** A configuration problem; `message` names the variable and is meant for the operator, without a stack trace. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment into a {@link Config}. Relative DATA_DIR is resolved against the directory the user
 * started from (npm's INIT_CWD, because `npm run -w` changes the working directory to the workspace).
 * Throws {@link ConfigError} naming every invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const baseDir = env.INIT_CWD && isAbsolute(env.INIT_CWD) ? env.INIT_CWD : process.cwd();
  const config: Config = {
    nodeEnv: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(baseDir, e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    sessionSecret: e.SESSION_SECRET,
    demoData: e.DEMO_DATA,
    demoLiveOrders: e.DEMO_LIVE_ORDERS,
    demoForecastOnStart: e.DEMO_FORECAST_ON_START,
    trustProxy: e.TRUST_PROXY,
    corsOrigins: e.CORS_ORIGINS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    kpiCacheTtlSeconds: e.KPI_CACHE_TTL_SECONDS,
    integrationsSecretKey: e.INTEGRATIONS_SECRET_KEY ?? null,
    demoConnectors: e.DEMO_CONNECTORS,
    webhookRetentionDays: e.WEBHOOK_RETENTION_DAYS,
    mfaEncryptionKey: e.MFA_ENCRYPTION_KEY ?? null,
    mfaRequiredRoles: e.MFA_REQUIRED_ROLES,
    stepUpPurchaseOrderAbove: e.STEP_UP_PO_APPROVAL_ABOVE,
    invitationTtlHours: e.INVITATION_TTL_HOURS,
    webDistDir: e.WEB_DIST_DIR ? resolve(baseDir, e.WEB_DIST_DIR) : null,
    authMock: e.AUTH_MOCK,
    externalIdp: null,
  };
  if (config.authMock && config.isProduction) {
    // Spec F-001-RQ-002: the role picker signs anybody in as anybody; it must never reach a real deployment.
    throw new ConfigError('Invalid configuration:\n  AUTH_MOCK: development mock sign-in cannot be enabled when NODE_ENV=production');
  }
  if (e.AUTH_JWT_ISSUER) {
    if (!e.AUTH_JWKS_URL && !e.AUTH_JWT_PUBLIC_KEY) throw new ConfigError('Invalid configuration:\n  AUTH_JWKS_URL: set it or AUTH_JWT_PUBLIC_KEY when AUTH_JWT_ISSUER is set');
    const pem = e.AUTH_JWT_PUBLIC_KEY?.replaceAll('\\n', '\n');
    if (pem && !/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/.test(pem)) throw new ConfigError('Invalid configuration:\n  AUTH_JWT_PUBLIC_KEY: must be an SPKI PEM public key (-----BEGIN PUBLIC KEY-----)');
    config.externalIdp = {
      issuer: e.AUTH_JWT_ISSUER,
      jwksUrl: pem ? undefined : e.AUTH_JWKS_URL,
      publicKeyPem: pem,
      algorithms: e.AUTH_JWT_ALGORITHMS,
      authorizedParties: e.AUTH_ALLOWED_ORIGINS,
      roleClaimPath: e.AUTH_ROLE_CLAIM,
    };
  } else if (e.AUTH_JWKS_URL || e.AUTH_JWT_PUBLIC_KEY) {
    throw new ConfigError('Invalid configuration:\n  AUTH_JWT_ISSUER: required when AUTH_JWKS_URL or AUTH_JWT_PUBLIC_KEY is set');
  }
  if (config.isProduction && config.databaseUrl && !config.sessionSecret) {
    // Several instances share one PostgreSQL database, so a secret generated per machine would not match.
    throw new ConfigError('Invalid configuration:\n  SESSION_SECRET: is required in production when DATABASE_URL is set (at least 32 characters)');
  }
  return config;
}

const SECRET_FILE = 'session-secret';

/**
 * Returns the session secret: SESSION_SECRET when set, otherwise the one persisted under DATA_DIR,
 * generating and saving it (mode 0600) on first use so sessions survive a restart.
 */
export function resolveSessionSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = join(config.dataDir, SECRET_FILE);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(`Invalid configuration:\n  SESSION_SECRET: unset, and ${file} cannot be read (${(error as Error).message})`);
    }
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  DATA_DIR: cannot write ${file} (${(error as Error).message})`);
  }
  return secret;
}
