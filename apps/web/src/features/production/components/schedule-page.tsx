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
import { useReplanSchedule } from '../api/replan-schedule.ts';
import { useTransitionProductionOrder } from '../api/transition-production-order.ts';
import { PlanOrderForm } from './plan-order-form.tsx';
import { ProductionTabs } from './production-tabs.tsx';

const DAY_MS = 86_400_000;
const palette = ['#2563eb', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4f46e5', '#059669', '#b45309', '#0f766e', '#7c3aed'];
const shortDay = (ms: number) => new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(ms));
const dayLabel = (ms: number) => new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(ms));
const timeLabel = (iso: string) => new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(new Date(iso));
const hours = (minutes: number) => (Math.abs(minutes) >= 90 ? `${formatCount(Math.round((minutes / 60) * 10) / 10)} h` : `${formatCount(Math.round(minutes))} min`);

/** The working intervals of a work centre inside [from, to): its weekly shifts, less its closed dates (UTC). */
function workingBands(wc: Schedule['workCentres'][number], from: number, to: number): [number, number][] {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const closed = new Set(wc.closedDates);
  const bands: [number, number][] = [];
  for (let day = from - DAY_MS; day < to; day += DAY_MS) {
    const weekday = new Date(day).getUTCDay() || 7;
    if (closed.has(new Date(day).toISOString().slice(0, 10))) continue;
    for (const shift of wc.shifts) {
      if (!shift.weekdays.includes(weekday)) continue;
      const start = day + minutes(shift.start) * 60_000;
      const end = day + minutes(shift.end) * 60_000 + (minutes(shift.end) <= minutes(shift.start) ? DAY_MS : 0);
      if (end > from && start < to) bands.push([start, end]);
    }
  }
  return bands;
}

/** One colour per order, in start order, so neighbouring orders differ and an order's operations share one colour. */
function orderColours(schedule: Schedule): Map<string, string> {
  return new Map(schedule.orders.map((o, i) => [o.orderId, palette[i % palette.length] as string]));
}

function Gantt({ schedule, days, selected, onSelect }: { schedule: Schedule; days: number; selected: string | null; onSelect: (orderId: string | null) => void }) {
  const start = Math.floor(Date.parse(schedule.startAt) / DAY_MS) * DAY_MS;
  const end = start + days * DAY_MS;
  const at = (ms: number) => `${((Math.min(Math.max(ms, start), end) - start) / (end - start)) * 100}%`;
  const dayTicks = Array.from({ length: days }, (_, i) => start + i * DAY_MS);
  const colour = orderColours(schedule);
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
                {days <= 7 ? (
                  shortDay(d)
                ) : days <= 14 ? (
                  <>
                    <span className="hidden xl:inline">{shortDay(d)}</span>
                    <span className="xl:hidden">{new Date(d).getUTCDate()}</span>
                  </>
                ) : (
                  new Date(d).getUTCDate()
                )}
              </span>
            ))}
          </div>
        </div>
        {schedule.workCentres.map((wc) => {
          const ops = schedule.operations.filter((op) => op.workCentre === wc.code && Date.parse(op.end) > start && Date.parse(op.start) < end);
          return (
            <div key={wc.code} className="grid grid-cols-[9rem_1fr] border-b" role="row" data-work-centre={wc.code}>
              <div className="py-2 pr-2 text-sm" role="rowheader" title={`${wc.calendar}; changeover ${wc.changeoverMinutes} min`}>
                <div className="font-medium">{wc.code}</div>
                <div className="truncate text-xs text-muted-foreground">{wc.name}</div>
              </div>
              <div className="relative h-14 bg-muted/70" role="cell">
                {workingBands(wc, start, end).map(([from, to]) => (
                  <span key={from} className="absolute inset-y-0 bg-card" style={{ left: at(from), width: `calc(${at(to)} - ${at(from)})` }} aria-hidden="true" />
                ))}
                {dayTicks.map((d) => (
                  <span key={d} className="absolute inset-y-0 border-l border-border/60" style={{ left: at(d) }} aria-hidden="true" />
                ))}
                {ops.map((op) => {
                  const isDimmed = selected !== null && selected !== op.orderId;
                  return (
                    <button
                      type="button"
                      key={`${op.orderId}:${op.step}`}
                      data-order={op.orderNumber}
                      data-step={op.step}
                      data-late={op.isLate}
                      aria-pressed={selected === op.orderId}
                      onClick={() => onSelect(selected === op.orderId ? null : op.orderId)}
                      className={`absolute top-2 h-10 min-w-1 overflow-hidden rounded px-1 text-left text-[11px] leading-tight text-white transition-opacity ${op.isLate ? 'ring-2 ring-red-600 ring-offset-1' : ''} ${isDimmed ? 'opacity-25' : ''} ${selected === op.orderId ? 'outline outline-2 outline-offset-1 outline-foreground' : ''}`}
                      style={{ left: at(Date.parse(op.start)), width: `calc(${at(Date.parse(op.end))} - ${at(Date.parse(op.start))})`, background: colour.get(op.orderId) }}
                      title={`${op.orderNumber} · ${op.sku} · step ${op.step}/${op.stepCount} ${op.operation} · ${timeLabel(op.start)} → ${timeLabel(op.end)} · due ${timeLabel(op.dueAt)}${op.transferMinutes ? ` · waits ${op.transferMinutes} min after the previous step` : ''}${op.changeoverMinutes ? ` · changeover ${op.changeoverMinutes} min` : ''}${op.isLate ? ` · order late by ${hours(op.latenessMinutes)}` : ''}`}
                    >
                      <span className="block truncate font-medium">{op.orderNumber}</span>
                      <span className="block truncate opacity-90">
                        {op.step}/{op.stepCount} {op.operation}
                      </span>
                    </button>
                  );
                })}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

function Changes({ schedule }: { schedule: Schedule }) {
  const c = schedule.changes;
  if (!c.previousRunId) return <p className="text-sm text-muted-foreground">First plan: {c.added.length} orders placed.</p>;
  return (
    <div className="grid gap-2 text-sm" data-testid="schedule-changes">
      <p>
        {c.movedCount} moved · {c.added.length} new · {c.removed.length} no longer planned (completed or cancelled) · {c.unchanged} unchanged
      </p>
      {c.moved.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full whitespace-nowrap text-sm">
            <thead className="text-left text-muted-foreground">
              <tr>
                <th className="py-1 pr-3 font-medium">Order</th>
                <th className="py-1 pr-3 font-medium">Was ending</th>
                <th className="py-1 pr-3 font-medium">Now ends</th>
                <th className="py-1 font-medium">Moved</th>
              </tr>
            </thead>
            <tbody>
              {c.moved.slice(0, 12).map((m) => (
                <tr key={m.orderId} className="border-t">
                  <td className="py-1 pr-3 font-medium">{m.orderNumber}</td>
                  <td className="py-1 pr-3">{timeLabel(m.previousEnd)}</td>
                  <td className="py-1 pr-3">{timeLabel(m.end)}</td>
                  <td className={`py-1 ${m.shiftMinutes > 0 ? 'text-red-700' : 'text-emerald-700'}`}>{m.shiftMinutes > 0 ? `${hours(m.shiftMinutes)} later` : m.shiftMinutes < 0 ? `${hours(-m.shiftMinutes)} earlier` : 'same end'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
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
 * Production schedule: the published finite-capacity plan of the open orders (multi-step routings over each work
 * centre's shift calendar) as a Gantt by work centre, an order's operations in one colour, with utilisation by
 * day, the late orders and what moved at the last re-plan. A manager re-plans on demand; order changes re-plan it
 * automatically a few seconds later.
 */
export function SchedulePage() {
  const [days, setDays] = useState('14');
  const [selected, setSelected] = useState<string | null>(null);
  const schedule = useProductionSchedule({});
  const data = schedule.data;
  const lateOrders = useMemo(() => (data ? data.orders.filter((o) => o.isLate) : []), [data]);
  const canPlan = (useSession().data?.user.permissions ?? []).includes('production:write');
  const transition = useTransitionProductionOrder();
  const replan = useReplanSchedule();

  return (
    <div className="grid gap-4 [&>*]:min-w-0">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Production schedule</h1>
          <p className="text-sm text-muted-foreground" data-testid="schedule-run" data-run={data?.runId}>
            {data
              ? `Published ${timeLabel(data.createdAt)} UTC (${data.trigger === 'manual' ? `re-planned by ${data.triggeredBy ?? 'a manager'}` : data.trigger === 'orders_changed' ? 'automatic re-plan after order changes' : 'first plan'}) · ${data.orders.length} orders, ${data.operations.length} operations from ${timeLabel(data.startAt)} · ${data.lateOrders} late · ${formatCount(data.totalChangeoverMinutes)} min changeover`
              : 'Finite-capacity schedule of the open orders'}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {canPlan ? (
            <Button variant="outline" disabled={replan.isPending} onClick={() => replan.mutate({})}>
              {replan.isPending ? 'Re-planning…' : 'Re-plan now'}
            </Button>
          ) : null}
          <ToggleGroup type="single" value={days} onValueChange={(v) => v && setDays(v)} aria-label="Window">
            <ToggleGroupItem value="7">1 week</ToggleGroupItem>
            <ToggleGroupItem value="14">2 weeks</ToggleGroupItem>
            <ToggleGroupItem value="28">4 weeks</ToggleGroupItem>
          </ToggleGroup>
        </div>
      </div>
      <ProductionTabs />
      {data?.isStale ? (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          Orders changed since this plan was published; the automatic re-plan is on its way.
        </p>
      ) : null}
      {replan.isError ? <ErrorState error={replan.error} /> : null}

      <Card>
        <CardHeader>
          <CardTitle>Gantt by work centre</CardTitle>
          <CardDescription>Each order has one colour across its operations (blend → fill → pack); select one to pick out its steps. A red outline marks an order finishing after its due date; grey is closed time (no shift), which an operation waits over.</CardDescription>
        </CardHeader>
        <CardContent>
          {schedule.isError ? (
            <ErrorState error={schedule.error} onRetry={() => void schedule.refetch()} />
          ) : data ? (
            data.operations.length === 0 ? (
              <EmptyState title="No open production orders to schedule" />
            ) : (
              <Gantt schedule={data} days={Number(days)} selected={selected} onSelect={setSelected} />
            )
          ) : (
            <Skeleton className="h-64" />
          )}
        </CardContent>
      </Card>

      {data ? (
        <Card>
          <CardHeader>
            <CardTitle>Since the previous plan</CardTitle>
            <CardDescription>Orders whose planned finish moved at this re-plan.</CardDescription>
          </CardHeader>
          <CardContent>
            <Changes schedule={data} />
          </CardContent>
        </Card>
      ) : null}

      {canPlan ? (
        <Card>
          <CardHeader>
            <CardTitle>Plan an order</CardTitle>
            <CardDescription>The scheduler places its routing on the work centres’ calendars by due date and priority.</CardDescription>
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
            <CardDescription>{lateOrders.length > 0 ? `${lateOrders.length} order(s) finish after their due date.` : 'Every order finishes by its due date.'}</CardDescription>
          </CardHeader>
          <CardContent className="overflow-x-auto">
            <table className="w-full whitespace-nowrap text-sm" data-testid="schedule-orders">
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
                {data.orders.map((o) => (
                  <tr key={o.orderId} className={`border-t ${selected === o.orderId ? 'bg-muted' : ''}`} data-order={o.orderNumber} data-late={o.isLate}>
                    <td className="py-1.5 pr-3">
                      <button type="button" className="font-medium underline-offset-2 hover:underline" onClick={() => setSelected(selected === o.orderId ? null : o.orderId)}>
                        {o.orderNumber}
                      </button>{' '}
                      <span className="text-muted-foreground">{o.sku}</span>
                    </td>
                    <td className="py-1.5 pr-3">{o.line}</td>
                    <td className="py-1.5 pr-3 whitespace-nowrap">{timeLabel(o.start)}</td>
                    <td className="py-1.5 pr-3 whitespace-nowrap">{timeLabel(o.end)}</td>
                    <td className={`py-1.5 pr-3 whitespace-nowrap ${o.isLate ? 'font-medium text-red-700' : ''}`}>
                      {timeLabel(o.dueAt)}
                      {o.isLate ? ` · late ${hours(o.latenessMinutes)}` : ''}
                    </td>
                    <td className="py-1.5">
                      {canPlan && o.status === 'PLANNED' ? (
                        <Button size="sm" variant="outline" disabled={transition.isPending} onClick={() => transition.mutate({ id: o.orderId, body: { action: 'release' } })}>
                          Release
                        </Button>
                      ) : (
                        o.status.replace('_', ' ').toLowerCase()
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
                {w.code}: {w.calendar}; changeover {w.changeoverMinutes} min
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
