import type { Schedule } from '@sentia/contracts/production';
import { useMemo, useState } from 'react';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { Button } from '@/components/ui/button.tsx';
import { ToggleGroup, ToggleGroupItem } from '@/components/ui/toggle-group.tsx';
import { useSession } from '@/features/auth/api/get-session.ts';
import { formatCount } from '@/lib/format.ts';
import { useProductionSchedule } from '../api/get-production-schedule.ts';
import { useTransitionProductionOrder } from '../api/transition-production-order.ts';
import { PlanOrderForm } from './plan-order-form.tsx';
import { ProductionTabs } from './production-tabs.tsx';

const DAY_MS = 86_400_000;
const palette = ['#2563eb', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4f46e5', '#059669'];
const colourOf = (sku: string) => palette[[...sku].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % palette.length] as string;
const shortDay = (ms: number) => new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(ms));
const dayLabel = (ms: number) => new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(ms));
const timeLabel = (iso: string) => new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(new Date(iso));

function Gantt({ schedule, days }: { schedule: Schedule; days: number }) {
  const start = Math.floor(Date.parse(schedule.startAt) / DAY_MS) * DAY_MS;
  const end = start + days * DAY_MS;
  const at = (ms: number) => `${((Math.min(Math.max(ms, start), end) - start) / (end - start)) * 100}%`;
  const dayTicks = Array.from({ length: days }, (_, i) => start + i * DAY_MS);
  return (
    <div className="overflow-x-auto">
      <div className="min-w-[720px]" role="table" aria-label="Schedule by work centre">
        <div className="grid grid-cols-[9rem_1fr] border-b text-xs text-muted-foreground" role="row">
          <div className="py-1" role="columnheader">
            Work centre
          </div>
          <div className="relative h-6" role="columnheader">
            {dayTicks.map((d) => (
              <span key={d} className="absolute top-1 truncate pl-1" style={{ left: at(d), width: `${100 / days}%` }}>
                {days <= 14 ? shortDay(d) : new Date(d).getUTCDate()}
              </span>
            ))}
          </div>
        </div>
        {schedule.workCentres.map((wc) => {
          const ops = schedule.operations.filter((op) => op.workCentre === wc.code && Date.parse(op.end) > start && Date.parse(op.start) < end);
          return (
            <div key={wc.code} className="grid grid-cols-[9rem_1fr] border-b" role="row" data-work-centre={wc.code}>
              <div className="py-2 pr-2 text-sm" role="rowheader" title={wc.calendar}>
                <div className="font-medium">{wc.code}</div>
                <div className="truncate text-xs text-muted-foreground">{wc.name}</div>
              </div>
              <div className="relative h-14" role="cell">
                {dayTicks.map((d) => (
                  <span key={d} className="absolute inset-y-0 border-l border-border/60" style={{ left: at(d) }} aria-hidden="true" />
                ))}
                {ops.map((op) => (
                  <div
                    key={`${op.orderId}:${op.start}`}
                    data-order={op.orderNumber}
                    className={`absolute top-2 h-10 min-w-1 overflow-hidden rounded px-1 text-[11px] leading-tight text-white ${op.isLate ? 'ring-2 ring-red-600 ring-offset-1' : ''}`}
                    style={{ left: at(Date.parse(op.start)), width: `calc(${at(Date.parse(op.end))} - ${at(Date.parse(op.start))})`, background: colourOf(op.sku) }}
                    title={`${op.orderNumber} · ${op.sku} · ${timeLabel(op.start)} → ${timeLabel(op.end)} · due ${timeLabel(op.dueAt)}${op.changeoverMinutes ? ` · changeover ${op.changeoverMinutes} min` : ''}${op.isLate ? ` · late by ${formatCount(op.latenessMinutes / 60)} h` : ''}`}
                  >
                    <div className="truncate font-medium">{op.orderNumber}</div>
                    <div className="truncate opacity-90">{op.sku}</div>
                  </div>
                ))}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

const utilStyle = (u: number | null) =>
  u === null ? 'bg-muted text-muted-foreground' : u >= 0.95 ? 'bg-red-600 text-white' : u >= 0.75 ? 'bg-amber-400 text-amber-950' : u > 0 ? 'bg-emerald-200 text-emerald-950' : 'bg-card text-muted-foreground';

function UtilisationTable({ schedule, days }: { schedule: Schedule; days: number }) {
  const dates = [...new Set(schedule.utilisation.map((u) => u.date))].sort().slice(0, days);
  if (dates.length === 0) return <EmptyState title="Nothing loaded" />;
  const cell = new Map(schedule.utilisation.map((u) => [`${u.workCentre}|${u.date}`, u]));
  return (
    <div className="overflow-x-auto">
      <table className="text-xs" data-testid="utilisation">
        <thead>
          <tr>
            <th className="sticky left-0 bg-card py-1 pr-2 text-left font-medium text-muted-foreground">Work centre</th>
            {dates.map((d) => (
              <th key={d} className="px-0.5 py-1 font-medium text-muted-foreground">
                {dayLabel(Date.parse(d)).replace(/ \w+$/, '')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {schedule.workCentres.map((wc) => (
            <tr key={wc.code}>
              <th className="sticky left-0 bg-card py-0.5 pr-2 text-left font-medium">{wc.code}</th>
              {dates.map((d) => {
                const u = cell.get(`${wc.code}|${d}`);
                const value = u?.utilisation ?? null;
                return (
                  <td key={d} className="px-0.5 py-0.5">
                    <span
                      className={`block min-w-11 rounded px-1 py-1 text-center tabular-nums ${utilStyle(value)}`}
                      title={u ? `${formatCount(u.loadedMinutes)} of ${formatCount(u.capacityMinutes)} minutes` : 'closed'}
                    >
                      {value === null ? '–' : `${Math.round(value * 100)}%`}
                    </span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Production schedule: the open orders loaded forward on each line's shift calendar by the finite-capacity
 * scheduler, as a Gantt by work centre, with utilisation by day and the late orders.
 */
export function SchedulePage() {
  const [days, setDays] = useState('14');
  const schedule = useProductionSchedule({ horizonDays: 90 });
  const data = schedule.data;
  const late = useMemo(() => (data ? data.operations.filter((o) => o.isLate) : []), [data]);
  const canPlan = (useSession().data?.user.permissions ?? []).includes('production:write');
  const transition = useTransitionProductionOrder();

  return (
    <div className="grid gap-4 [&>*]:min-w-0">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Production schedule</h1>
          <p className="text-sm text-muted-foreground">
            {data ? `${data.operations.length} operations from ${timeLabel(data.startAt)} UTC · ${data.lateOrders} late · ${formatCount(data.totalChangeoverMinutes)} min changeover · computed in ${data.computeMs} ms` : 'Finite-capacity schedule of the open orders'}
          </p>
        </div>
        <ToggleGroup type="single" value={days} onValueChange={(v) => v && setDays(v)} aria-label="Window">
          <ToggleGroupItem value="7">1 week</ToggleGroupItem>
          <ToggleGroupItem value="14">2 weeks</ToggleGroupItem>
          <ToggleGroupItem value="28">4 weeks</ToggleGroupItem>
        </ToggleGroup>
      </div>
      <ProductionTabs />

      <Card>
        <CardHeader>
          <CardTitle>Gantt by work centre</CardTitle>
          <CardDescription>One colour per SKU; a red outline marks an order finishing after its due date. Hover a bar for times.</CardDescription>
        </CardHeader>
        <CardContent>
          {schedule.isError ? (
            <ErrorState error={schedule.error} onRetry={() => void schedule.refetch()} />
          ) : data ? (
            data.operations.length === 0 ? (
              <EmptyState title="No open production orders to schedule" />
            ) : (
              <Gantt schedule={data} days={Number(days)} />
            )
          ) : (
            <Skeleton className="h-64" />
          )}
        </CardContent>
      </Card>

      {canPlan ? (
        <Card>
          <CardHeader>
            <CardTitle>Plan an order</CardTitle>
            <CardDescription>The scheduler places it on the line’s calendar by due date and priority.</CardDescription>
          </CardHeader>
          <CardContent>
            <PlanOrderForm />
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Utilisation by day</CardTitle>
          <CardDescription>Loaded minutes (changeover, set-up, run) ÷ staffed shift minutes; – where the centre is closed.</CardDescription>
        </CardHeader>
        <CardContent>{data ? <UtilisationTable schedule={data} days={Number(days)} /> : <Skeleton className="h-40" />}</CardContent>
      </Card>

      {data ? (
        <Card>
          <CardHeader>
            <CardTitle>Orders in sequence</CardTitle>
            <CardDescription>{late.length > 0 ? `${late.length} operation(s) finish after their due date.` : 'Every order finishes by its due date.'}</CardDescription>
          </CardHeader>
          <CardContent className="overflow-x-auto">
            <table className="w-full whitespace-nowrap text-sm">
              <thead className="text-left text-muted-foreground">
                <tr>
                  <th className="py-1 pr-3 font-medium">Order</th>
                  <th className="py-1 pr-3 font-medium">Line</th>
                  <th className="py-1 pr-3 font-medium">Start</th>
                  <th className="py-1 pr-3 font-medium">End</th>
                  <th className="py-1 pr-3 font-medium">Due</th>
                  <th className="py-1 font-medium">Status</th>
                </tr>
              </thead>
              <tbody>
                {data.operations.map((op) => (
                  <tr key={`${op.orderId}:${op.start}`} className="border-t">
                    <td className="py-1.5 pr-3">
                      <span className="font-medium">{op.orderNumber}</span> <span className="text-muted-foreground">{op.sku}</span>
                    </td>
                    <td className="py-1.5 pr-3">{op.workCentre}</td>
                    <td className="py-1.5 pr-3 whitespace-nowrap">{timeLabel(op.start)}</td>
                    <td className="py-1.5 pr-3 whitespace-nowrap">{timeLabel(op.end)}</td>
                    <td className={`py-1.5 pr-3 whitespace-nowrap ${op.isLate ? 'font-medium text-red-700' : ''}`}>{timeLabel(op.dueAt)}</td>
                    <td className="py-1.5">
                      {canPlan && op.status === 'PLANNED' ? (
                        <Button size="sm" variant="outline" disabled={transition.isPending} onClick={() => transition.mutate({ id: op.orderId, body: { action: 'release' } })}>
                          Release
                        </Button>
                      ) : (
                        op.status.replace('_', ' ').toLowerCase()
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </CardContent>
        </Card>
      ) : null}
      {data ? (
        <details className="text-xs text-muted-foreground">
          <summary className="cursor-pointer">Assumptions</summary>
          <ul className="mt-1 list-disc pl-5">
            {data.assumptions.map((a) => (
              <li key={a}>{a}</li>
            ))}
            {data.workCentres.map((w) => (
              <li key={w.code}>
                {w.code}: {w.calendar}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
