import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, resolveSessionSecret } from './config.ts';

const base = { INIT_CWD: '/srv/app' } as NodeJS.ProcessEnv;

describe('loadConfig', () => {
  it('when the environment is empty, then the documented defaults apply and DATA_DIR resolves against the start directory', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', dataDir: '/srv/app/data', nodeEnv: 'development', logLevel: 'info', databaseUrl: undefined, redisUrl: undefined, demoData: true, kpiCacheTtlSeconds: 300 });
    expect(c.demoForecastOnStart).toBe(true);
    expect(loadConfig({ ...base, DEMO_FORECAST_ON_START: 'false' }).demoForecastOnStart).toBe(false);
  });

  it('when PORT is not a number, then it fails with a message naming PORT', () => {
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(/PORT: must be a number/);
  });

  it('when several values are wrong, then every wrong variable is named', () => {
    try {
      loadConfig({ ...base, PORT: '70000', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', REDIS_URL: 'http://x' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'REDIS_URL']) expect(message).toContain(`${name}:`);
    }
  });

  it('when production uses DATABASE_URL without SESSION_SECRET, then start-up is refused', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db' })).toThrow(/SESSION_SECRET: is required in production/);
    expect(loadConfig({ ...base, NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db', SESSION_SECRET: 'x'.repeat(32) }).sessionSecret).toBe('x'.repeat(32));
  });

  it('when SESSION_SECRET is too short, then it is rejected by name', () => {
    expect(() => loadConfig({ ...base, SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET: must be at least 32 characters/);
  });

  it('when DEMO_DATA is "false" and CORS_ORIGINS lists origins, then they are parsed', () => {
    const c = loadConfig({ ...base, DEMO_DATA: 'false', CORS_ORIGINS: 'https://a.example, https://b.example:8443' });
    expect(c.demoData).toBe(false);
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example:8443']);
  });
});

describe('resolveSessionSecret', () => {
  it('when no secret is configured, then one is generated, saved under DATA_DIR with mode 0600, and reused on the next start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentia-config-'));
    const config = loadConfig({ ...base, DATA_DIR: dir });
    const first = resolveSessionSecret(config);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'session-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(join(dir, 'session-secret')).mode & 0o777).toBe(0o600);
    expect(resolveSessionSecret(config)).toBe(first);
  });
});
