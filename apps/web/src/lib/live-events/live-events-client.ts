/** A domain event as the server streams it. */
export interface LiveEvent {
  seq: number;
  type: string;
  occurredAt: string;
  data: unknown;
}

/**
 * connecting: first attempt; connected: streaming; reconnecting: waiting to retry after a drop;
 * polling: streaming kept failing, asking every few seconds instead; offline: the browser has no network
 * (or the session ended).
 */
export type LiveStatus = 'connecting' | 'connected' | 'reconnecting' | 'polling' | 'offline';

export interface LiveState {
  status: LiveStatus;
  /** Newest event sequence seen; the `Last-Event-ID` to resume from. */
  lastSeq: number | undefined;
  /** When the data was last known to be current: an event arrived, the stream (re)opened or a poll answered. */
  lastUpdatedAt: Date | undefined;
  /** Why the client is not connected, for the indicator's tooltip. */
  reason: string | undefined;
}

export interface LiveEventsClientOptions {
  /** Stream endpoint. Default /api/events/stream. */
  streamUrl?: string;
  /** Polling endpoint. Default /api/events. */
  pollUrl?: string;
  /** Spec: reconnect after 1 s, 2 s, 4 s; after the last one, fall back to polling. */
  backoffMs?: readonly number[];
  /** Polling period; below the spec's 5 s update latency. Default 3000. */
  pollIntervalMs?: number;
  /** While polling, try the stream again this often. Default 30 000. */
  streamRetryMs?: number;
  /** A stream that sends nothing (not even a heartbeat) for this long is considered dead. Default 45 000. */
  idleTimeoutMs?: number;
  /**
   * Resume this many sequence numbers before the newest one seen. Events from concurrent writers can commit
   * slightly out of order, so the newest seen is not proof that every older one arrived; re-sent events are
   * dropped by sequence number. Default 50.
   */
  replayOverlap?: number;
  fetch?: typeof fetch;
  /** Report the browser's online state; default navigator.onLine where available. */
  isOnline?: () => boolean;
}

export interface LiveEventsClient {
  start(): void;
  stop(): void;
  getState(): LiveState;
  /** Listens to state changes; returns the unsubscribe function. */
  onState(listener: (state: LiveState) => void): () => void;
  /** Listens to events; `resync` is true when events may have been missed and cached data should be reloaded. */
  onEvent(listener: (event: LiveEvent | { type: 'resync' }) => void): () => void;
  /** The browser came back online: reconnect now instead of waiting. */
  nudge(): void;
}

const RECENT_SEQS = 2000;

interface ParsedMessage {
  id: string | undefined;
  event: string;
  data: string;
}

/** Splits SSE text into messages; returns the messages and the unfinished remainder. */
export function parseSseChunk(buffer: string): { messages: ParsedMessage[]; rest: string } {
  const messages: ParsedMessage[] = [];
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) messages.push({ id, event, data: data.join('\n') });
  }
  return { messages, rest };
}

/**
 * The browser's one live-update connection: Server-Sent Events read through fetch (so it can send
 * `Last-Event-ID` itself and control its backoff), reconnecting after 1 s, 2 s and 4 s, then polling until
 * the stream works again. Events are de-duplicated by sequence number, so a replay never applies one twice.
 */
export function createLiveEventsClient(options: LiveEventsClientOptions = {}): LiveEventsClient {
  const streamUrl = options.streamUrl ?? '/api/events/stream';
  const pollUrl = options.pollUrl ?? '/api/events';
  const backoff = options.backoffMs ?? [1000, 2000, 4000];
  const pollIntervalMs = options.pollIntervalMs ?? 3000;
  const streamRetryMs = options.streamRetryMs ?? 30_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  const replayOverlap = options.replayOverlap ?? 50;
  const resumeFrom = (seq: number) => Math.max(0, seq - replayOverlap);
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const isOnline = options.isOnline ?? (() => (typeof navigator === 'undefined' ? true : navigator.onLine));

  let state: LiveState = { status: 'connecting', lastSeq: undefined, lastUpdatedAt: undefined, reason: undefined };
  const stateListeners = new Set<(s: LiveState) => void>();
  const eventListeners = new Set<(e: LiveEvent | { type: 'resync' }) => void>();
  const recent = new Set<number>();
  let running = false;
  let failures = 0;
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastStreamAttempt = 0;

  const setState = (patch: Partial<LiveState>) => {
    state = { ...state, ...patch };
    for (const l of stateListeners) l(state);
  };
  const emit = (e: LiveEvent | { type: 'resync' }) => {
    for (const l of eventListeners) l(e);
  };
  const schedule = (fn: () => void, ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };

  const accept = (event: LiveEvent) => {
    if (recent.has(event.seq)) return;
    recent.add(event.seq);
    if (recent.size > RECENT_SEQS) recent.delete(recent.values().next().value as number);
    setState({ lastSeq: Math.max(state.lastSeq ?? 0, event.seq), lastUpdatedAt: new Date() });
    emit(event);
  };

  const onStreamFailed = (reason: string, status?: number) => {
    if (!running) return;
    if (!isOnline()) {
      setState({ status: 'offline', reason: 'no network connection' });
      return;
    }
    if (status === 401) {
      setState({ status: 'offline', reason: 'signed out' });
      return;
    }
    failures += 1;
    // A full instance (503) will not free up in seconds: poll straight away.
    if (failures > backoff.length || status === 503) {
      setState({ status: 'polling', reason });
      schedule(poll, 0);
      return;
    }
    setState({ status: 'reconnecting', reason });
    schedule(connect, backoff[failures - 1]!);
  };

  async function connect() {
    if (!running) return;
    lastStreamAttempt = Date.now();
    controller?.abort();
    const ctrl = new AbortController();
    controller = ctrl;
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (state.lastSeq !== undefined) headers['last-event-id'] = String(resumeFrom(state.lastSeq));
    let idle: ReturnType<typeof setTimeout> | undefined;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => ctrl.abort(new Error('stream went quiet')), idleTimeoutMs);
    };
    try {
      const res = await doFetch(streamUrl, { headers, credentials: 'same-origin', signal: ctrl.signal, cache: 'no-store' });
      if (res.status !== 200 || !res.body) {
        await res.body?.cancel().catch(() => undefined);
        onStreamFailed(`stream answered HTTP ${res.status}`, res.status);
        return;
      }
      const wasResuming = state.lastSeq !== undefined;
      const fellBack = state.status === 'polling';
      failures = 0;
      setState({ status: 'connected', reason: undefined, lastUpdatedAt: new Date() });
      clearTimeout(timer);
      armIdle();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        armIdle();
        buffer += value;
        const { messages, rest } = parseSseChunk(buffer);
        buffer = rest;
        for (const m of messages) {
          if (m.event === 'ready') {
            const { lastSeq } = JSON.parse(m.data) as { lastSeq: number };
            // A fresh stream (nothing to resume from) may have missed changes since the page loaded its data.
            if (!wasResuming && state.lastSeq === undefined && fellBack) emit({ type: 'resync' });
            setState({ lastSeq: Math.max(state.lastSeq ?? 0, lastSeq) });
          } else if (m.event === 'reset') {
            const { lastSeq } = JSON.parse(m.data) as { lastSeq: number };
            setState({ lastSeq });
            emit({ type: 'resync' });
          } else {
            accept(JSON.parse(m.data) as LiveEvent);
          }
        }
      }
      clearTimeout(idle);
      if (ctrl === controller) onStreamFailed('stream closed by the server');
    } catch (error) {
      clearTimeout(idle);
      if (ctrl !== controller || !running) return;
      onStreamFailed(error instanceof Error ? error.message : 'stream failed');
    }
  }

  async function poll() {
    if (!running) return;
    if (Date.now() - lastStreamAttempt >= streamRetryMs) {
      // Try the stream again; if it fails, onStreamFailed brings us back here.
      failures = backoff.length;
      void connect();
      return;
    }
    try {
      const query = state.lastSeq === undefined ? '' : `?after=${resumeFrom(state.lastSeq)}`;
      const res = await doFetch(`${pollUrl}${query}`, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
      if (res.status === 401) {
        setState({ status: 'offline', reason: 'signed out' });
        return;
      }
      if (!res.ok) throw new Error(`poll answered HTTP ${res.status}`);
      const page = (await res.json()) as { events: LiveEvent[]; lastSeq: number };
      const first = state.lastSeq === undefined;
      for (const e of page.events) accept(e);
      setState({ status: 'polling', lastSeq: Math.max(state.lastSeq ?? 0, page.lastSeq), lastUpdatedAt: new Date() });
      if (first) emit({ type: 'resync' });
    } catch (error) {
      setState({ status: isOnline() ? 'polling' : 'offline', reason: error instanceof Error ? error.message : 'poll failed' });
    }
    if (running && state.status !== 'offline') schedule(poll, pollIntervalMs);
  }

  return {
    start() {
      if (running) return;
      running = true;
      failures = 0;
      setState({ status: 'connecting' });
      void connect();
    },
    stop() {
      running = false;
      clearTimeout(timer);
      controller?.abort();
      controller = undefined;
    },
    getState: () => state,
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    nudge() {
      if (!running || state.status === 'connected') return;
      failures = 0;
      setState({ status: 'reconnecting', reason: undefined });
      schedule(connect, 0);
    },
  };
}
