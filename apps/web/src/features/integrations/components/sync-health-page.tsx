import { useEffect, useState } from 'react';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { useSession } from '@/features/auth/api/get-session.ts';
import { useSyncHealth } from '../api/get-sync-health.ts';
import { AddConnectionDialog } from './add-connection-dialog.tsx';
import { ConnectionCard } from './connection-card.tsx';

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Sync health (ADMIN manages; MANAGER reads): every connection to Amazon, Shopify and Unleashed and how its syncs are doing. */
export function SyncHealthPage() {
  const health = useSyncHealth();
  const canManage = useSession().data?.user.permissions.includes('admin:manage') ?? false;
  const now = useNow(15_000);

  return (
    <div className="mx-auto grid w-full max-w-6xl gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Integrations &amp; sync health</h1>
          <p className="text-sm text-muted-foreground">
            {canManage ? 'Connections to Amazon, Shopify and Unleashed: their syncs, limits and failures.' : 'Read-only: an administrator manages connections.'}
          </p>
        </div>
        {canManage ? <AddConnectionDialog /> : null}
      </div>
      {health.data?.degraded ? (
        <p role="status" className="rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm" data-testid="degraded-banner">
          A source is degraded: its circuit breaker is open, so its syncs are paused and dashboards show the data stored before.
        </p>
      ) : null}
      {health.isPending ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <Skeleton className="h-72" />
          <Skeleton className="h-72" />
        </div>
      ) : health.isError ? (
        <ErrorState error={health.error} onRetry={() => void health.refetch()} />
      ) : health.data.connections.length === 0 ? (
        <EmptyState title="No connections yet">{canManage ? 'Add Amazon, a Shopify store or Unleashed to start syncing.' : 'An administrator has not added any yet.'}</EmptyState>
      ) : (
        <div className="grid gap-4 xl:grid-cols-2">
          {health.data.connections.map((c) => (
            <ConnectionCard key={c.id} connection={c} canManage={canManage} now={now} />
          ))}
        </div>
      )}
    </div>
  );
}
