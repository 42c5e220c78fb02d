import type { AuditEntryView } from '@sentia/contracts/audit';
import { ChevronLeft, ChevronRight, Download, ShieldAlert, ShieldCheck } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table.tsx';
import { type AuditFilters, auditExportUrl, useAuditLog } from '../api/search-audit-log.ts';
import { useAuditChain } from '../api/verify-audit-chain.ts';
import { formatInstant } from './format-instant.ts';

interface FilterForm {
  actor: string;
  action: string;
  entityType: string;
  from: string;
  to: string;
}
const emptyForm: FilterForm = { actor: '', action: '', entityType: '', from: '', to: '' };

/** Form values → API filters: dates are whole UTC days, `to` inclusive. */
function toFilters(form: FilterForm): AuditFilters {
  return {
    ...(form.actor.trim() ? { actor: form.actor.trim() } : {}),
    ...(form.action.trim() ? { action: form.action.trim() } : {}),
    ...(form.entityType.trim() ? { entityType: form.entityType.trim() } : {}),
    ...(form.from ? { from: `${form.from}T00:00:00.000Z` } : {}),
    ...(form.to ? { to: `${form.to}T23:59:59.999Z` } : {}),
  };
}

function ChainStatus() {
  const chain = useAuditChain();
  if (chain.isPending) return <Skeleton className="h-6 w-40" />;
  if (chain.isError) return <Badge className="bg-warning/15 text-warning">Chain not checked</Badge>;
  const report = chain.data;
  return report.intact ? (
    <Badge data-testid="chain-status" className="bg-positive/10 text-positive" title={`Verified ${formatInstant(report.verifiedAt)} in ${Math.round(report.ms)} ms`}>
      <ShieldCheck className="size-3.5" aria-hidden="true" />
      Chain intact · {report.checked.toLocaleString('en-GB')} entries
    </Badge>
  ) : (
    <Badge data-testid="chain-status" className="bg-negative/10 text-negative" title={report.firstBroken?.detail}>
      <ShieldAlert className="size-3.5" aria-hidden="true" />
      Chain broken at entry {report.firstBroken?.seq ?? '?'} ({report.firstBroken?.reason})
    </Badge>
  );
}

function Changes({ entry }: { entry: AuditEntryView }) {
  if (entry.before === null && entry.after === null) return <span className="text-muted-foreground">—</span>;
  return (
    <details className="max-w-[28rem]">
      <summary className="cursor-pointer text-primary">Details</summary>
      <dl className="mt-2 grid gap-1 text-xs">
        {entry.before !== null ? (
          <>
            <dt className="font-medium">Before</dt>
            <dd>
              <pre className="overflow-x-auto rounded bg-muted p-2 whitespace-pre-wrap break-all">{JSON.stringify(entry.before, null, 1)}</pre>
            </dd>
          </>
        ) : null}
        {entry.after !== null ? (
          <>
            <dt className="font-medium">After</dt>
            <dd>
              <pre className="overflow-x-auto rounded bg-muted p-2 whitespace-pre-wrap break-all">{JSON.stringify(entry.after, null, 1)}</pre>
            </dd>
          </>
        ) : null}
        <dt className="font-medium">Request</dt>
        <dd className="break-all text-muted-foreground">
          {entry.ipAddress ?? '—'} · {entry.requestId ?? '—'}
        </dd>
      </dl>
    </details>
  );
}

/** Audit log: filter by actor, action, entity and dates; newest first in pages of 50; chain status; CSV export. */
export function AuditLogPage() {
  const [form, setForm] = useState<FilterForm>(emptyForm);
  const [filters, setFilters] = useState<AuditFilters>({});
  // Cursors of the pages before the current one, so "Newer" can go back.
  const [cursors, setCursors] = useState<(number | undefined)[]>([]);
  const [before, setBefore] = useState<number | undefined>(undefined);
  const page = useAuditLog(filters, before);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(toFilters(form));
    setCursors([]);
    setBefore(undefined);
  };
  const field = (name: keyof FilterForm) => ({ value: form[name], onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value })) });

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Audit log</CardTitle>
            <CardDescription>Every sign-in, change and export, hash-chained so an edited or deleted entry is detected.</CardDescription>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <ChainStatus />
            <Button variant="outline" size="sm" asChild>
              <a href={auditExportUrl(filters)} download>
                <Download aria-hidden="true" />
                Export CSV
              </a>
            </Button>
          </div>
        </CardHeader>
        <CardContent>
          <form onSubmit={apply} className="grid grid-cols-2 gap-3 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto] lg:items-end">
            <div className="col-span-2 grid gap-1.5 sm:col-span-1">
              <Label htmlFor="audit-actor">Actor</Label>
              <Input id="audit-actor" placeholder="e-mail contains" {...field('actor')} />
            </div>
            <div className="col-span-2 grid gap-1.5 sm:col-span-1">
              <Label htmlFor="audit-action">Action</Label>
              <Input id="audit-action" placeholder="e.g. user.*" {...field('action')} />
            </div>
            <div className="col-span-2 grid gap-1.5 sm:col-span-1">
              <Label htmlFor="audit-entity">Entity type</Label>
              <Input id="audit-entity" placeholder="e.g. role" {...field('entityType')} />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="audit-from">From (UTC)</Label>
              <Input id="audit-from" type="date" {...field('from')} />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="audit-to">To (UTC)</Label>
              <Input id="audit-to" type="date" {...field('to')} />
            </div>
            <div className="col-span-2 flex gap-2 sm:col-span-1">
              <Button type="submit">Search</Button>
              <Button
                variant="ghost"
                onClick={() => {
                  setForm(emptyForm);
                  setFilters({});
                  setCursors([]);
                  setBefore(undefined);
                }}
              >
                Clear
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>

      <Card>
        <CardContent className="px-0 pt-0 pb-0 sm:px-0 sm:pb-0">
          {page.isError ? (
            <ErrorState className="m-4" error={page.error} onRetry={() => void page.refetch()} />
          ) : !page.data ? (
            <div className="grid gap-2 p-4">
              <Skeleton className="h-10" />
              <Skeleton className="h-10" />
              <Skeleton className="h-10" />
            </div>
          ) : page.data.items.length === 0 ? (
            <EmptyState className="m-4" title="No audit entries match these filters" />
          ) : (
            <Table aria-label="Audit entries">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead className="hidden w-16 text-right sm:table-cell">#</TableHead>
                  <TableHead className="hidden sm:table-cell">When</TableHead>
                  <TableHead>Actor</TableHead>
                  <TableHead>Action</TableHead>
                  <TableHead className="hidden md:table-cell">Entity</TableHead>
                  <TableHead>Changes</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {page.data.items.map((e) => (
                  <TableRow key={e.id} className="align-top">
                    <TableCell className="hidden text-right font-mono text-xs text-muted-foreground tabular-nums sm:table-cell">{e.seq ?? '—'}</TableCell>
                    <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">{formatInstant(e.createdAt)}</TableCell>
                    <TableCell className="max-w-[9rem] sm:max-w-[14rem]">
                      <p className="truncate">{e.actor}</p>
                      {e.actorRole ? <p className="text-xs text-muted-foreground">{e.actorRole}</p> : null}
                    </TableCell>
                    <TableCell>
                      <p className="font-mono text-xs break-all">{e.action}</p>
                      <p className="text-xs text-muted-foreground sm:hidden">{formatInstant(e.createdAt)}</p>
                    </TableCell>
                    <TableCell className="hidden max-w-[14rem] md:table-cell">
                      <p>{e.entityType}</p>
                      {e.entityId ? <p className="truncate font-mono text-xs text-muted-foreground">{e.entityId}</p> : null}
                    </TableCell>
                    <TableCell>
                      <Changes entry={e} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <div className="flex items-center justify-end gap-2">
        <Button
          variant="outline"
          size="sm"
          disabled={cursors.length === 0}
          onClick={() => {
            setBefore(cursors.at(-1));
            setCursors((c) => c.slice(0, -1));
          }}
        >
          <ChevronLeft aria-hidden="true" />
          Newer
        </Button>
        <Button
          variant="outline"
          size="sm"
          disabled={!page.data?.nextBefore}
          onClick={() => {
            setCursors((c) => [...c, before]);
            setBefore(page.data?.nextBefore ?? undefined);
          }}
        >
          Older
          <ChevronRight aria-hidden="true" />
        </Button>
      </div>
    </div>
  );
}
