import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, signIn } from '../test/create-test-app.ts';
import { AppError } from './app-error.ts';
import type { AppModule } from './create-app.ts';

const logLines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

const webDist = mkdtempSync(join(tmpdir(), 'sentia-web-'));
writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Sentia</title><div id="root"></div>');
mkdirSync(join(webDist, 'assets'));
writeFileSync(join(webDist, 'assets', 'app-abc123.js'), 'console.log(1)');

const testModule: AppModule = {
  name: 'test-routes',
  register(app) {
    app.get('/api/test/undeclared', async () => ({ secret: true }));
    app.get('/api/test/logs', { config: { public: true } }, async (request) => {
      request.log.info({ marker: 'handler-line' }, 'inside the handler');
      return { ok: true };
    });
    app.get('/api/test/boom', { config: { public: true } }, async () => {
      throw new Error('database password is hunter2');
    });
    app.get('/api/test/conflict', { config: { public: true } }, async () => {
      throw new AppError('CONFLICT', 'Already there.');
    });
    app.post('/api/test/echo', { config: { public: true } }, async (request) => request.body as object);
  },
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ modules: [testModule], logger: pino({ level: 'info' }, sink), webDistDir: webDist });
});
afterAll(async () => t?.close());

describe('health and readiness', () => {
  it('when /health is called, then it answers 200 without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('ok');
  });

  it('when /ready is called, then the database (and Redis when configured) are checked', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: process.env.REDIS_URL ? 'ok' : 'not-configured' } });
  });
});

describe('request ids and logs', () => {
  it('when a request carries x-request-id, then it is returned and appears on every log line of that request', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/test/logs', headers: { 'x-request-id': 'trace-abc-123' } });
    expect(res.headers['x-request-id']).toBe('trace-abc-123');
    const lines = logLines.filter((l) => l.requestId === 'trace-abc-123');
    expect(lines.some((l) => l.marker === 'handler-line')).toBe(true);
    expect(lines.some((l) => l.msg === 'request completed')).toBe(true);
  });

  it('when the incoming id is unsafe, then a fresh UUID is used instead', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'bad id\nwith newline' } });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('errors are problem+json', () => {
  it('when no route matches under /api, then 404 problem+json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Not found' });
  });

  it('when a handler throws an unexpected error, then 500 problem without the internal message, logged with the request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/test/boom', headers: { 'x-request-id': 'boom-1' } });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('hunter2');
    expect(res.json()).toMatchObject({ code: 'INTERNAL', requestId: 'boom-1' });
    expect(logLines.some((l) => l.requestId === 'boom-1' && l.level === 50)).toBe(true);
  });

  it('when an AppError is thrown, then its code decides the status', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/test/conflict' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CONFLICT', detail: 'Already there.' });
  });

  it('when the JSON body is malformed, then 400 problem', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/test/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('access control', () => {
  it('when an /api route declares no access rule, then it is closed even to an admin', async () => {
    const cookie = await signIn(t.app, 'ADMIN');
    const res = await t.app.inject({ method: 'GET', url: '/api/test/undeclared', headers: { cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('secret');
  });
});

describe('OpenAPI and docs', () => {
  it('when /api/openapi.json is fetched, then it is OpenAPI 3.1 generated from the zod schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const summary = doc.paths['/api/kpis/summary'].get;
    expect(summary.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['from', 'to', 'region', 'channel', 'sku', 'currency']));
    expect(doc.paths['/api/auth/sign-in'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/test/undeclared']).toBeDefined();
  });

  it('when /api/docs is opened, then a documentation page is served', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });

  it('when the client accepts gzip, then large responses are compressed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers['content-encoding']).toBe('gzip');
  });
});

describe('web app', () => {
  it('when a client-side route is requested, then index.html is served (SPA fallback)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/working-capital/overview', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root">');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('when a fingerprinted asset is requested, then it is served with a long cache lifetime', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('when the root is requested, then the web app is served', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root">');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('when a response is sent, then security headers are set', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});
