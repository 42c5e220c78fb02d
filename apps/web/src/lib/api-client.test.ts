import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRequest, ApiError, buildUrl } from './api-client.ts';
import { registerStepUpPrompt, type StepUpChallenge } from './step-up.ts';

let server: Server;
let isSteppedUp = false;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/ok') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ amount: '12.50', echo: url.search }));
    } else if (url.pathname === '/invalid') {
      res
        .writeHead(400, { 'content-type': 'application/problem+json' })
        .end(JSON.stringify({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Query is invalid', code: 'VALIDATION', errors: [{ field: 'to', message: 'must be on or after from' }] }));
    } else if (url.pathname === '/html-error') {
      res.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html' }).end('<h1>proxy</h1>');
    } else if (url.pathname === '/wrong-shape') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ amount: 12.5 }));
    } else if (url.pathname === '/guarded') {
      if (isSteppedUp) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ done: true }));
      else
        res
          .writeHead(401, { 'content-type': 'application/problem+json', 'www-authenticate': 'StepUp realm="sentia", methods="totp recovery-code", max_age="600"' })
          .end(JSON.stringify({ type: 'urn:sentia:problem:step-up-required', title: 'Second factor required', status: 401, detail: 'Confirm a code', code: 'STEP_UP_REQUIRED' }));
    } else if (url.pathname === '/empty') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('apiRequest', () => {
  it('when the response matches the schema, then the parsed body is returned and empty query values are dropped', async () => {
    const body = await apiRequest(`${base}/ok`, { schema: z.object({ amount: z.string(), echo: z.string() }), query: { from: '2026-01-01', region: undefined, sku: '' } });
    expect(body).toEqual({ amount: '12.50', echo: '?from=2026-01-01' });
  });

  it('when the server answers problem+json, then an ApiError carries its detail, code and field errors', async () => {
    const error = await apiRequest(`${base}/invalid`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, title: 'Bad Request', detail: 'Query is invalid', code: 'VALIDATION', fieldErrors: { to: 'must be on or after from' } });
  });

  it('when the error body is not problem+json, then the status text is used', async () => {
    await expect(apiRequest(`${base}/html-error`)).rejects.toMatchObject({ status: 502, title: 'Bad Gateway' });
  });

  it('when a 200 body does not match the schema, then it is rejected rather than rendered', async () => {
    await expect(apiRequest(`${base}/wrong-shape`, { schema: z.object({ amount: z.string() }) })).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('when the server answers 204, then the call resolves without a body', async () => {
    await expect(apiRequest(`${base}/empty`, { method: 'POST' })).resolves.toBeUndefined();
  });

  it('when the server cannot be reached, then a status-0 network error is thrown', async () => {
    await expect(apiRequest('http://127.0.0.1:1/nothing')).rejects.toMatchObject({ status: 0, title: 'Network error' });
  });
});

describe('step-up', () => {
  it('when the server asks for a fresh second factor, then the installed prompt is shown with the challenge and the request is retried once it succeeds', async () => {
    isSteppedUp = false;
    const seen: StepUpChallenge[] = [];
    const uninstall = registerStepUpPrompt(async (challenge) => {
      seen.push(challenge);
      isSteppedUp = true;
      return true;
    });
    try {
      await expect(apiRequest(`${base}/guarded`, { method: 'POST', schema: z.object({ done: z.boolean() }) })).resolves.toEqual({ done: true });
      expect(seen).toEqual([{ methods: ['totp', 'recovery-code'], detail: 'Confirm a code' }]);
    } finally {
      uninstall();
    }
  });

  it('when the user cancels the prompt (or none is installed), then the STEP_UP_REQUIRED error reaches the caller', async () => {
    isSteppedUp = false;
    await expect(apiRequest(`${base}/guarded`, { method: 'POST' })).rejects.toMatchObject({ status: 401, code: 'STEP_UP_REQUIRED' });
    const uninstall = registerStepUpPrompt(async () => false);
    await expect(apiRequest(`${base}/guarded`, { method: 'POST' })).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED' });
    uninstall();
  });
});

describe('buildUrl', () => {
  it('when no parameters are left, then there is no question mark', () => {
    expect(buildUrl('/api/kpis', { region: undefined, sku: null })).toBe('/api/kpis');
  });
});
