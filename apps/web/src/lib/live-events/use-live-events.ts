import { useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import type { LiveEvent, LiveState } from './live-events-client.ts';
import { LiveEventsContext } from './live-events-provider.tsx';

const offline: LiveState = { status: 'offline', lastSeq: undefined, lastUpdatedAt: undefined, reason: 'live updates are not running' };
const noop = () => () => undefined;

/** The live connection's status and "last updated" time. */
export function useLiveStatus(): LiveState {
  const client = useContext(LiveEventsContext);
  return useSyncExternalStore(
    client ? (onChange) => client.onState(onChange) : noop,
    () => client?.getState() ?? offline,
  );
}

/**
 * Calls `handler` for each live event whose type is listed (or starts with a listed prefix ending in ".").
 * The handler may change between renders without resubscribing.
 */
export function useLiveEvent(types: readonly string[], handler: (event: LiveEvent) => void): void {
  const client = useContext(LiveEventsContext);
  const handlerRef = useRef(handler);
  useEffect(() => {
    handlerRef.current = handler;
  });
  const key = types.join(',');
  useEffect(() => {
    if (!client) return;
    const wanted = key.split(',').filter(Boolean);
    return client.onEvent((event) => {
      if (event.type === 'resync' || !('seq' in event)) return;
      if (wanted.some((t) => (t.endsWith('.') ? event.type.startsWith(t) : event.type === t))) handlerRef.current(event);
    });
  }, [client, key]);
}
