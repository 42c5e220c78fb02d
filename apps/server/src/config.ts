import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyAsUndefined, z.string().min(1).default('0.0.0.0')),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().min(1).default('./data')),
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
  /** Requests per minute per client IP across the API. */
  RATE_LIMIT_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(1).default(3000)),
  /** Hot-KPI cache lifetime; the spec asks for 5 minutes. */
  KPI_CACHE_TTL_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number({ message: 'must be a number' }).int('must be an integer').min(0).max(86_400).default(300)),
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
  trustProxy: boolean;
  corsOrigins: string[];
  rateLimitPerMinute: number;
  kpiCacheTtlSeconds: number;
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
    trustProxy: e.TRUST_PROXY,
    corsOrigins: e.CORS_ORIGINS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    kpiCacheTtlSeconds: e.KPI_CACHE_TTL_SECONDS,
  };
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
