import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createHttpClient, parseJsonBody, parseRetryAfter } from './http-client.ts';

describe('createHttpClient', () => {
  it('when nothing listens on the port, then NETWORK is thrown without the query string in the message', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const http = createHttpClient({ integration: 'shopify' });
    const error = await http.send({ url: `http://127.0.0.1:${port}/x?token=shpat_secret` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK', integration: 'shopify' });
    expect((error as Error).message).not.toContain('shpat_secret');
  });

  it('when the server answers any status, then it resolves with status, headers and text', async () => {
    const server = createServer((_req, res) => res.writeHead(503, { 'retry-after': '1.5' }).end('busy'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await createHttpClient({ integration: 'amazon' }).send({ url: `http://127.0.0.1:${port}/` });
      expect(response).toMatchObject({ status: 503, text: 'busy' });
      expect(parseRetryAfter(response.headers.get('retry-after'))).toBe(1500);
      expect(() => parseJsonBody(response, 'amazon')).toThrow(expect.objectContaining({ code: 'MALFORMED_RESPONSE', status: 503 }));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('when Retry-After is an HTTP date or junk, then it is read as a delay or ignored', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 10:00:10 GMT', Date.parse('2024-05-01T10:00:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
