import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SandboxFault, SandboxFaults } from './sandbox-faults.ts';

export interface SandboxRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Raw query string without `?` (exactly as sent, for signature checks). */
  rawQuery: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: Buffer;
}

export interface SandboxReply {
  status: number;
  headers?: Record<string, string>;
  /** A JSON value, or a string sent verbatim (used for malformed bodies). */
  body?: unknown;
}

export interface SandboxHandle {
  url: string;
  close(): Promise<void>;
  faults: SandboxFaults;
}

export interface StartSandboxOptions {
  /** 0 (default) = an ephemeral port. */
  port?: number;
  host?: string;
}

interface ServerWiring {
  /** Paths that untargeted faults may hit (default: all). */
  defaultFaultTarget?: (path: string) => boolean;
}

/**
 * Starts a node:http server that routes every request through `faults` (answered by
 * `answerFault` in the vendor's own format) and then `handle`. Kept framework-free so the
 * connectors package stays light.
 */
export async function startSandboxServer(
  options: StartSandboxOptions & ServerWiring,
  faults: SandboxFaults,
  answerFault: (fault: SandboxFault, request: SandboxRequest) => SandboxReply | undefined,
  handle: (request: SandboxRequest) => Promise<SandboxReply> | SandboxReply,
): Promise<SandboxHandle> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    void serve(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const request: SandboxRequest = {
      method: req.method ?? 'GET',
      path: q === -1 ? rawUrl : rawUrl.slice(0, q),
      rawQuery: q === -1 ? '' : rawUrl.slice(q + 1),
      query: new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1)),
      headers: req.headers,
      rawBody: Buffer.concat(chunks),
    };
    let reply: SandboxReply;
    let faultKind: SandboxFault['kind'] | null = null;
    try {
      const fault = faults.take(request.path, options.defaultFaultTarget?.(request.path) ?? true);
      if (fault) faultKind = fault.kind;
      if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
      const faultReply = fault && fault.kind !== 'slow' ? answerFault(fault, request) : undefined;
      reply = faultReply ?? (await handle(request));
    } catch (error) {
      reply = { status: 500, body: { error: 'sandbox handler failed', message: (error as Error).message } };
    }
    faults.requests.push({ method: request.method, path: request.path, status: reply.status, fault: faultKind, at: Date.now() });
    if (res.destroyed) return;
    const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json;charset=UTF-8', ...reply.headers });
    res.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Deterministic pseudo-random generator (mulberry32) so sandbox data sets are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Opaque page token: base64url JSON, like the vendors' opaque tokens. */
export function encodePageToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodePageToken<T>(token: string): T | undefined {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
