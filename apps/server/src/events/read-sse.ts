/** One message read from an SSE stream. */
export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
}

/** An open SSE stream read through fetch, for tests and the benchmark. */
export interface SseReader {
  status: number;
  headers: Headers;
  messages: SseMessage[];
  comments: string[];
  /** Resolves with the first message (from the start of the stream) matching the predicate. */
  waitFor(predicate: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Called for each message as it arrives. */
  onMessage?: (m: SseMessage) => void;
  closed: Promise<void>;
  close(): void;
}

/**
 * Opens `url` as an event stream and parses it incrementally (the `text/event-stream` format: fields up to a
 * blank line, `:` lines are comments). Non-200 answers resolve too, with no messages, so callers can check them.
 */
export async function readSse(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const waiters = new Set<{ predicate: (m: SseMessage) => boolean; resolve: (m: SseMessage) => void }>();
  const reader: SseReader = {
    status: res.status,
    headers: res.headers,
    messages,
    comments,
    waitFor(predicate, timeoutMs = 5000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (m: SseMessage) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching SSE message within ${timeoutMs} ms (got ${messages.map((m) => m.event).join(', ') || 'none'})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    closed: Promise.resolve(),
    close: () => controller.abort(),
  };
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    return reader;
  }
  const body = res.body.pipeThrough(new TextDecoderStream());
  reader.closed = (async () => {
    let buffer = '';
    let current: SseMessage = { id: undefined, event: 'message', data: '' };
    let hasData = false;
    try {
      for await (const chunk of body) {
        buffer += chunk;
        let newline: number;
        while ((newline = buffer.search(/\r?\n/)) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer[newline] === '\r' ? 2 : 1));
          if (line === '') {
            if (hasData) {
              messages.push(current);
              reader.onMessage?.(current);
              for (const w of waiters) {
                if (w.predicate(current)) {
                  waiters.delete(w);
                  w.resolve(current);
                }
              }
            }
            current = { id: undefined, event: 'message', data: '' };
            hasData = false;
            continue;
          }
          if (line.startsWith(':')) {
            comments.push(line.slice(1).trim());
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') current.id = value;
          else if (field === 'event') current.event = value;
          else if (field === 'data') {
            current.data = hasData ? `${current.data}\n${value}` : value;
            hasData = true;
          }
        }
      }
    } catch {
      // Aborted by close() or the server dropped us: either way the stream is over.
    }
  })();
  return reader;
}
