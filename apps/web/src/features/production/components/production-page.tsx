import type { OeeFigures, OeeReport } from '@sentia/contracts/production';
import { AlertTriangle } from 'lucide-react';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { ToggleGroup, ToggleGroupItem } from '@/components/ui/toggle-group.tsx';
import { useSession } from '@/features/auth/api/get-session.ts';
import { addDays, toIsoDate } from '@/lib/date-range.ts';
import { formatCount, formatDate } from '@/lib/format.ts';
import { useOeeReport } from '../api/get-oee-report.ts';
import { useProductionAlerts } from '../api/get-production-alerts.ts';
import { useProductionLines } from '../api/get-production-lines.ts';
import { pct } from '../format-ratio.ts';
import { ProductionTabs } from './production-tabs.tsx';

const OeeTrendChart = lazy(() => import('./production-charts.tsx').then((m) => ({ default: m.OeeTrendChart })));
const DowntimeParetoChart = lazy(() => import('./production-charts.tsx').then((m) => ({ default: m.DowntimeParetoChart })));
const chartFallback = <Skeleton className="h-full w-full" />;

const statusStyle: Record<OeeFigures['status'], string> = {
  good: 'bg-emerald-100 text-emerald-900',
  warning: 'bg-amber-100 text-amber-900',
  critical: 'bg-red-700 text-white',
  no_data: 'bg-muted text-muted-foreground',
};
const statusLabel: Record<OeeFigures['status'], string> = { good: 'On target', warning: 'Below 85 %', critical: 'Critical (≤ 65 %)', no_data: 'No production' };


function FactorCard({ label, value, hint, testId }: { label: string; value: number | null; hint: string; testId: string }) {
  return (
    <Card>
      <CardHeader className="flex-col gap-1 pb-1">
        <CardDescription>{label}</CardDescription>
        <CardTitle className="text-2xl tabular-nums" data-testid={testId} data-value={value ?? ''}>
          {pct(value)}
        </CardTitle>
      </CardHeader>
      <CardContent className="text-xs text-muted-foreground">{hint}</CardContent>
    </Card>
  );
}

function OeeCards({ report }: { report: OeeReport }) {
  const o = report.overall;
  return (
    <div className="grid grid-cols-2 gap-3 sm:gap-4 md:grid-cols-3 xl:grid-cols-5">
      <Card className="col-span-2 md:col-span-1">
        <CardHeader className="flex-col gap-1 pb-1">
          <CardDescription>OEE</CardDescription>
          <CardTitle className="text-3xl tabular-nums" data-testid="oee-value" data-value={o.oee ?? ''}>
            {pct(o.oee)}
          </CardTitle>
        </CardHeader>
        <CardContent className="grid gap-2 text-sm">
          <span className={`w-fit rounded-full px-2 py-0.5 text-xs font-medium ${statusStyle[o.status]}`}>{statusLabel[o.status]}</span>
          <span className="text-xs text-muted-foreground">Target {report.target * 100} %</span>
        </CardContent>
      </Card>
      <FactorCard label="Availability" value={o.availability} testId="availability-value" hint={`${formatCount(o.runMinutes)} of ${formatCount(o.plannedProductionMinutes)} planned minutes ran; ${formatCount(o.unplannedDowntimeMinutes)} min unplanned stops`} />
      <FactorCard label="Performance" value={o.performance} testId="performance-value" hint="Ideal cycle time × units made ÷ run time" />
      <FactorCard label="Quality" value={o.quality} testId="quality-value" hint={`${formatCount(o.goodCount)} good of ${formatCount(o.totalCount)} made`} />
      <FactorCard label="First-pass yield" value={o.firstPassYield} testId="fpy-value" hint="Units without defects at first inspection" />
    </div>
  );
}

function FiguresTable({ rows, first, label }: { rows: OeeFigures[]; first: (r: OeeFigures) => string; label: string }) {
  if (rows.length === 0) return <EmptyState title="No production recorded in this period" />;
  return (
    <div className="overflow-x-auto">
      <table className="w-full whitespace-nowrap text-sm" data-oee-table={label}>
        <thead className="text-left text-muted-foreground">
          <tr>
            <th className="py-1 pr-3 font-medium">{label}</th>
            <th className="py-1 pr-3 text-right font-medium">OEE</th>
            <th className="py-1 pr-3 text-right font-medium">A</th>
            <th className="py-1 pr-3 text-right font-medium">P</th>
            <th className="py-1 pr-3 text-right font-medium">Q</th>
            <th className="py-1 text-right font-medium">FPY</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={first(r)} className="border-t" data-key={first(r)} data-oee={r.oee ?? ''}>
              <td className="py-1.5 pr-3">{first(r)}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">
                <span className={`rounded px-1.5 py-0.5 ${statusStyle[r.status]}`}>{pct(r.oee)}</span>
              </td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{pct(r.availability)}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{pct(r.performance)}</td>
              <td className="py-1.5 pr-3 text-right tabular-nums">{pct(r.quality)}</td>
              <td className="py-1.5 text-right tabular-nums">{pct(r.firstPassYield)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AlertList() {
  const alerts = useProductionAlerts();
  if (alerts.isError) return <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />;
  if (!alerts.data) return <Skeleton className="h-24" />;
  if (alerts.data.alerts.length === 0) return <EmptyState title="No open OEE alerts" />;
  return (
    <ul className="grid gap-2" data-testid="oee-alerts">
      {alerts.data.alerts.map((a) => (
        <li key={a.id} className="flex gap-3 rounded-md border p-3 text-sm">
          <AlertTriangle className={`mt-0.5 size-4 shrink-0 ${a.severity === 'CRITICAL' ? 'text-red-700' : 'text-amber-600'}`} aria-hidden="true" />
          <div className="grid gap-0.5">
            <p className="font-medium">{a.title}</p>
            <p className="text-muted-foreground">{a.message}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}

const ranges = [
  { value: '1', label: 'Today' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
] as const;

/**
 * Production intelligence: OEE with availability, performance and quality, first-pass yield, the trend by day
 * per line, the tables by line, shift and equipment, the downtime Pareto and the open OEE alerts.
 */
export function ProductionPage() {
  const [days, setDays] = useState('30');
  const [line, setLine] = useState<string>('all');
  const session = useSession();
  const canExecute = (session.data?.user.permissions ?? []).includes('production:execute');
  const lines = useProductionLines();
  const range = useMemo(() => {
    const to = toIsoDate(new Date());
    return { from: addDays(to, -(Number(days) - 1)), to };
  }, [days]);
  const report = useOeeReport({ ...range, ...(line === 'all' ? {} : { line }) });
  const data = report.data;

  return (
    <div className="grid gap-4 [&>*]:min-w-0">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Production intelligence</h1>
          <p className="text-sm text-muted-foreground">
            {formatDate(range.from)} – {formatDate(range.to)} · {line === 'all' ? 'all lines' : line}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <ToggleGroup type="single" value={days} onValueChange={(v) => v && setDays(v)} aria-label="Period">
            {ranges.map((r) => (
              <ToggleGroupItem key={r.value} value={r.value}>
                {r.label}
              </ToggleGroupItem>
            ))}
          </ToggleGroup>
          <Select value={line} onValueChange={setLine}>
            <SelectTrigger aria-label="Line" className="w-48">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="all">All lines</SelectItem>
              {(lines.data?.lines ?? []).map((l) => (
                <SelectItem key={l.code} value={l.code}>
                  {l.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          {canExecute ? (
            <Button asChild variant="outline">
              <Link to="/production/operator">Operator station</Link>
            </Button>
          ) : null}
        </div>
      </div>
      <ProductionTabs />

      {report.isError ? <ErrorState error={report.error} onRetry={() => void report.refetch()} /> : data ? <OeeCards report={data} /> : <Skeleton className="h-36" />}

      <Card>
        <CardHeader>
          <CardTitle>OEE by day</CardTitle>
          <CardDescription>All lines and each line; dashed line at the {data ? data.target * 100 : 85} % target.</CardDescription>
        </CardHeader>
        <CardContent className="h-72">{data ? data.byDay.length === 0 ? <EmptyState title="No production recorded in this period" className="h-full" /> : <Suspense fallback={chartFallback}><OeeTrendChart report={data} /></Suspense> : chartFallback}</CardContent>
      </Card>

      <div className="grid gap-4 xl:grid-cols-2 [&>*]:min-w-0">
        <Card>
          <CardHeader>
            <CardTitle>By line</CardTitle>
          </CardHeader>
          <CardContent>{data ? <FiguresTable rows={data.byLine} first={(r) => r.line ?? ''} label="Line" /> : <Skeleton className="h-24" />}</CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>By shift</CardTitle>
          </CardHeader>
          <CardContent>{data ? <FiguresTable rows={data.byShift} first={(r) => r.shift ?? ''} label="Shift" /> : <Skeleton className="h-24" />}</CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>By equipment</CardTitle>
            <CardDescription>FPY is measured per order, so it is shown per line and shift only.</CardDescription>
          </CardHeader>
          <CardContent>{data ? <FiguresTable rows={data.byEquipment} first={(r) => `${r.line} · ${r.equipment}`} label="Equipment" /> : <Skeleton className="h-24" />}</CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>OEE alerts</CardTitle>
            <CardDescription>Line-days below the 85 % target; new ones arrive live.</CardDescription>
          </CardHeader>
          <CardContent>
            <AlertList />
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Top downtime reasons</CardTitle>
          <CardDescription>Unplanned minutes lost per reason, largest first; the vital few (up to 80 % of lost time) in colour.</CardDescription>
        </CardHeader>
        <CardContent className="h-80">{data ? data.pareto.length === 0 ? <EmptyState title="No unplanned stops in this period" className="h-full" /> : <Suspense fallback={chartFallback}><DowntimeParetoChart report={data} /></Suspense> : chartFallback}</CardContent>
      </Card>

      {data ? (
        <details className="text-xs text-muted-foreground">
          <summary className="cursor-pointer">How these figures are calculated</summary>
          <ul className="mt-1 list-disc pl-5">
            {data.definitions.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
