import type { ConnectionHealth, ResourceHealth } from '@sentia/contracts/integration-connections';
import { Loader2, PlugZap, RefreshCw, RotateCcw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { cn } from '@/lib/cn.ts';
import { formatAge } from '@/lib/format.ts';
import { useRemoveConnection } from '../api/remove-connection.ts';
import { useRetrySyncDeadLetter } from '../api/retry-sync-dead-letter.ts';
import { useSyncConnectionNow } from '../api/sync-connection-now.ts';
import { useTestConnection } from '../api/test-connection.ts';
import { ReplaceCredentialsDialog } from './replace-credentials-dialog.tsx';

const providerLabels = { AMAZON: 'Amazon SP-API', SHOPIFY: 'Shopify', UNLEASHED: 'Unleashed' } as const;
const resourceLabels: Record<ResourceHealth['resource'], string> = { orders: 'Orders', inventory: 'Inventory', products: 'Products', suppliers: 'Suppliers', stock: 'Stock on hand', 'purchase-orders': 'Purchase orders', warehouses: 'Warehouses', 'bills-of-materials': 'Bills of materials', assemblies: 'Assemblies', 'sales-orders': 'Sales orders' };
const stateStyles: Record<ResourceHealth['state'], { text: string; tone: string }> = {
  never: { text: 'Not run yet', tone: 'text-muted-foreground' },
  running: { text: 'Syncing…', tone: 'text-primary' },
  ok: { text: 'OK', tone: 'text-positive' },
  failing: { text: 'Failing', tone: 'text-negative' },
  skipped: { text: 'Paused (breaker open)', tone: 'text-warning' },
};
const breakerStyles = { closed: { text: 'Breaker closed', tone: 'text-positive' }, 'half-open': { text: 'Breaker half-open', tone: 'text-warning' }, open: { text: 'Breaker open', tone: 'text-negative' } } as const;

const dateTime = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const when = (iso: string | null) => (iso ? `${dateTime.format(new Date(iso))} UTC` : '—');
const age = (iso: string | null, now: number) => (iso ? formatAge(Math.max(0, (now - Date.parse(iso)) / 1000)) : '—');
const lag = (seconds: number | null) => (seconds === null ? '—' : seconds < 120 ? `${seconds} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`);

function errorText(error: unknown): string | null {
  if (!error) return null;
  return isApiError(error) ? (error.detail ?? error.title) : error instanceof Error ? error.message : 'The action failed.';
}

/** One connection: status, breaker, rate-limit headroom, error rate, each resource's last run and lag, dead letters; actions for ADMIN. */
export function ConnectionCard({ connection, canManage, now }: { connection: ConnectionHealth; canManage: boolean; now: number }) {
  const syncNow = useSyncConnectionNow();
  const test = useTestConnection();
  const remove = useRemoveConnection();
  const retry = useRetrySyncDeadLetter();
  const breaker = connection.breaker ? breakerStyles[connection.breaker.state] : null;
  const actionError = errorText(syncNow.error) ?? errorText(test.error) ?? errorText(remove.error) ?? errorText(retry.error);
  const headroom = connection.rateLimit?.headroomPercent ?? null;
  const [replaced, setReplaced] = useState<{ ok: boolean; message: string } | null>(null);

  return (
    <Card data-testid={`connection-${connection.name}`}>
      <CardHeader className="gap-2">
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <CardTitle className="text-base">{connection.name}</CardTitle>
            <CardDescription>
              {providerLabels[connection.provider]} · every {connection.syncIntervalMinutes} min
            </CardDescription>
          </div>
          <div className="flex flex-wrap items-center gap-1.5">
            <Badge variant={connection.status === 'ACTIVE' ? 'secondary' : 'outline'} className={cn(connection.status === 'ERROR' && 'text-negative')} data-testid="connection-status">
              {connection.status === 'ACTIVE' ? 'Active' : connection.status === 'ERROR' ? 'Needs attention' : 'Disabled'}
            </Badge>
            {breaker ? (
              <Badge variant="outline" className={breaker.tone} data-testid="breaker-state" data-state={connection.breaker?.state}>
                {breaker.text}
              </Badge>
            ) : null}
          </div>
        </div>
        {connection.breaker?.state === 'open' ? (
          <p role="status" className="rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm">
            Calls to this source are paused until {when(connection.breaker.retryAt)}; dashboards show the data stored before. Last failure: {connection.breaker.lastFailure ?? 'unknown'}.
          </p>
        ) : null}
      </CardHeader>
      <CardContent className="grid gap-4">
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-muted-foreground">Error rate (24 h)</dt>
            <dd className="font-medium tabular-nums" data-testid="error-rate">
              {connection.errorRate.percent === null ? 'no runs' : `${connection.errorRate.percent}% of ${connection.errorRate.runs}`}
            </dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Rate-limit headroom</dt>
            <dd className="font-medium tabular-nums" title={connection.rateLimit?.detail}>
              {headroom === null ? 'unknown' : `${headroom}%`}
              {headroom !== null ? (
                <span className="mt-1 block h-1.5 w-full overflow-hidden rounded-full bg-muted" aria-hidden="true">
                  <span className={cn('block h-full', headroom < 20 ? 'bg-negative' : headroom < 50 ? 'bg-warning' : 'bg-positive')} style={{ width: `${headroom}%` }} />
                </span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Credentials</dt>
            <dd className="font-medium">{connection.credentialFields.length > 0 ? 'stored, encrypted' : 'missing'}</dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Last test</dt>
            <dd className={cn('font-medium', connection.lastTest && !connection.lastTest.ok && 'text-negative')} title={connection.lastTest?.message}>
              {connection.lastTest ? `${connection.lastTest.ok ? 'passed' : 'failed'} ${age(connection.lastTest.at, now)}` : 'never'}
            </dd>
          </div>
        </dl>

        <div className="overflow-x-auto">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Resource</TableHead>
                <TableHead>State</TableHead>
                <TableHead className="hidden sm:table-cell">Last success</TableHead>
                <TableHead className="text-right" title="How far behind the source the stored data may be: time since the last successful run started">
                  Lag
                </TableHead>
                <TableHead className="text-right">
                  Records<span className="hidden sm:inline"> last run</span>
                </TableHead>
                {canManage ? <TableHead className="sr-only">Actions</TableHead> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {connection.resources.map((r) => (
                <TableRow key={r.resource} data-testid={`resource-${r.resource}`}>
                  <TableCell className="font-medium">{resourceLabels[r.resource]}</TableCell>
                  <TableCell>
                    <span className={stateStyles[r.state].tone}>{stateStyles[r.state].text}</span>
                    {r.lastError && r.state !== 'ok' ? <span className="block max-w-xs truncate text-xs text-muted-foreground" title={r.lastError}>{r.lastError}</span> : null}
                  </TableCell>
                  <TableCell className="hidden sm:table-cell" title={when(r.lastSuccessAt)}>
                    {age(r.lastSuccessAt, now)}
                  </TableCell>
                  <TableCell className="text-right whitespace-nowrap tabular-nums">{lag(r.lagSeconds)}</TableCell>
                  <TableCell className="text-right tabular-nums" data-testid="records-last-run">
                    {r.recordsLastRun ?? '—'}
                    {r.rejectedLastRun ? <span className="block text-xs text-warning">{r.rejectedLastRun} rejected</span> : null}
                  </TableCell>
                  {canManage ? (
                    <TableCell className="text-right">
                      <Button variant="ghost" size="sm" disabled={syncNow.isPending || r.state === 'running'} onClick={() => syncNow.mutate({ id: connection.id, resource: r.resource })} aria-label={`Sync ${resourceLabels[r.resource]} now`}>
                        <RefreshCw aria-hidden="true" />
                      </Button>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>

        {connection.deadLetters.length > 0 ? (
          <section aria-label="Dead letters" className="grid gap-2">
            <h3 className="text-sm font-medium text-negative">Failed syncs waiting for a retry ({connection.deadLetters.length})</h3>
            <ul className="grid gap-2">
              {connection.deadLetters.map((d) => (
                <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 rounded-md border px-3 py-2 text-sm" data-testid="dead-letter">
                  <span className="min-w-0">
                    <span className="font-medium">{resourceLabels[d.resource as ResourceHealth['resource']] ?? d.resource}</span> · {when(d.failedAt)}
                    <span className="block truncate text-xs text-muted-foreground" title={d.error}>
                      {d.error}
                    </span>
                  </span>
                  {canManage ? (
                    <Button variant="outline" size="sm" disabled={retry.isPending} onClick={() => retry.mutate(d.id)}>
                      <RotateCcw aria-hidden="true" />
                      Retry
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {canManage ? (
          <div className="flex flex-wrap gap-2">
            <Button size="sm" disabled={syncNow.isPending} onClick={() => syncNow.mutate({ id: connection.id })}>
              {syncNow.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : <RefreshCw aria-hidden="true" />}
              Sync now
            </Button>
            <Button size="sm" variant="outline" disabled={test.isPending} onClick={() => test.mutate(connection.id)}>
              {test.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : <PlugZap aria-hidden="true" />}
              Test connection
            </Button>
            <ReplaceCredentialsDialog connection={connection} onDone={setReplaced} />
            <Button
              size="sm"
              variant="ghost"
              className="text-negative"
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(`Remove ${connection.name}? Its schedules and sync history go; data already synced stays.`)) remove.mutate(connection.id);
              }}
            >
              <Trash2 aria-hidden="true" />
              Remove
            </Button>
          </div>
        ) : null}
        {test.data ? (
          <p role="status" className={cn('text-sm', test.data.ok ? 'text-positive' : 'text-negative')} data-testid="test-result">
            {test.data.ok ? 'Connection works: ' : 'Connection failed: '}
            {test.data.message}
          </p>
        ) : null}
        {replaced ? (
          <p role="status" className={cn('text-sm', replaced.ok ? 'text-positive' : 'text-warning')} data-testid="credentials-result">
            {replaced.message}
          </p>
        ) : null}
        {actionError ? (
          <p role="alert" className="text-sm text-negative">
            {actionError}
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
