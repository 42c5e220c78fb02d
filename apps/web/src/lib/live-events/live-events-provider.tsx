import { useQueryClient } from '@tanstack/react-query';
import { createContext, useEffect, useState, type ReactNode } from 'react';
import { invalidationRules, keysToInvalidate } from './invalidation-rules.ts';
import { createLiveEventsClient, type LiveEventsClient, type LiveEventsClientOptions } from './live-events-client.ts';

export const LiveEventsContext = createContext<LiveEventsClient | null>(null);

/** Events arriving within this window refresh each affected query once. */
const BATCH_MS = 250;

/**
 * The server answers KPI queries stale-while-revalidate right after an invalidation (the previous figures while one
 * recomputation runs), so the refetch an event triggers can still carry the old numbers. The same queries are
 * refetched again this long after the batch (the second time for a recomputation slowed by a busy database); a
 * refetch of an answer already recomputed is a cache hit.
 */
const SETTLE_MS = [1500, 4000];

/**
 * Opens the app's single live-update connection while signed in and turns events into TanStack Query
 * invalidations (see invalidation-rules.ts), so every screen showing the changed data refetches it.
 */
export function LiveEventsProvider({ children, enabled = true, options }: { children: ReactNode; enabled?: boolean; options?: LiveEventsClientOptions }) {
  const queryClient = useQueryClient();
  const [client] = useState(() => createLiveEventsClient(options));

  useEffect(() => {
    if (!enabled) return;
    let pending = new Set<string>();
    let resync = false;
    let timer: number | undefined;
    const settleTimers = new Set<number>();
    const flush = () => {
      timer = undefined;
      if (resync) void queryClient.invalidateQueries();
      else {
        const keys = keysToInvalidate(pending, invalidationRules);
        for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
        for (const delay of SETTLE_MS) {
          const settle = window.setTimeout(() => {
            settleTimers.delete(settle);
            for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
          }, delay);
          settleTimers.add(settle);
        }
      }
      pending = new Set();
      resync = false;
    };
    const offEvent = client.onEvent((event) => {
      if (event.type === 'resync') resync = true;
      else pending.add(event.type);
      timer ??= window.setTimeout(flush, BATCH_MS);
    });
    const online = () => client.nudge();
    window.addEventListener('online', online);
    client.start();
    return () => {
      offEvent();
      window.removeEventListener('online', online);
      window.clearTimeout(timer);
      for (const settle of settleTimers) window.clearTimeout(settle);
      client.stop();
    };
  }, [client, enabled, queryClient]);

  return <LiveEventsContext.Provider value={client}>{children}</LiveEventsContext.Provider>;
}
