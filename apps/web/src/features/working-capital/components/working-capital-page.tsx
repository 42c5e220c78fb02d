import type { Currency } from '@sentia/contracts/common';
import type { CashRunway, CashScenarioParams, WorkingCapitalSummary } from '@sentia/contracts/working-capital';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Badge } from '@/components/ui/badge.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { useSession } from '@/features/auth/api/get-session.ts';
import { resolvePreset, toIsoDate } from '@/lib/date-range.ts';
import { formatDate, formatDays, formatMoney } from '@/lib/format.ts';
import { buildUrl } from '@/lib/api-client.ts';
import { useReportFilters } from '@/lib/report-filters.ts';
import { useCccMitigations } from '../api/get-ccc-mitigations.ts';
import { useCashRunway } from '../api/get-cash-runway.ts';
import { useWorkingCapitalSummary } from '../api/get-working-capital-summary.ts';
import { useWorkingCapitalTrend } from '../api/get-working-capital-trend.ts';
import { ScenarioPanel, neutralScenario } from './scenario-panel.tsx';

const CccTrendChart = lazy(() => import('./working-capital-charts.tsx').then((m) => ({ default: m.CccTrendChart })));
const CashRunwayChart = lazy(() => import('./working-capital-charts.tsx').then((m) => ({ default: m.CashRunwayChart })));
const chartFallback = <Skeleton className="h-full w-full" />;

const severityStyle: Record<string, string> = {
  on_target: 'bg-emerald-100 text-emerald-900',
  yellow: 'bg-amber-100 text-amber-900',
  red: 'bg-red-100 text-red-900',
  critical: 'bg-red-700 text-white',
};
const severityLabel: Record<string, string> = { on_target: 'On target', yellow: 'Yellow (55–65 days)', red: 'Red (> 65 days)', critical: 'Critical (> 75 days)' };

/** Delays a fast-changing value (slider drags) so the API is asked once the user pauses. */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return debounced;
}

function DaysCard({ label, value, hint }: { label: string; value: string | null; hint: string }) {
  return (
    <Card>
      <CardHeader className="pb-1">
        <CardDescription>{label}</CardDescription>
        <CardTitle className="text-2xl tabular-nums">{value === null ? '—' : formatDays(value)}</CardTitle>
      </CardHeader>
      <CardContent className="text-xs text-muted-foreground">{hint}</CardContent>
    </Card>
  );
}

function CccCards({ summary }: { summary: WorkingCapitalSummary }) {
  const breach = summary.breach;
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <Card className="sm:col-span-2 lg:col-span-1">
        <CardHeader className="pb-1">
          <CardDescription>Cash conversion cycle</CardDescription>
          <CardTitle className="text-3xl tabular-nums">{summary.cccDays === null ? '—' : formatDays(summary.cccDays)}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-2 text-sm">
          <p className="text-muted-foreground">Target under {summary.targetDays} days</p>
          {breach ? (
            <div className="flex flex-wrap items-center gap-2">
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${severityStyle[breach.severity] ?? ''}`}>{severityLabel[breach.severity]}</span>
              {breach.escalation !== 'none' ? <Badge variant="outline">Escalate: {breach.notify.join(' → ')}</Badge> : null}
            </div>
          ) : (
            <p className="text-muted-foreground">Not defined: no sales or no cost of goods in the period.</p>
          )}
        </CardContent>
      </Card>
      <DaysCard label="DSO (days sales outstanding)" value={summary.dsoDays} hint={`Receivables ${formatMoney(summary.averageReceivables, summary.currency)} on revenue ${formatMoney(summary.netRevenue, summary.currency)}`} />
      <DaysCard label="DIO (days inventory outstanding)" value={summary.dioDays} hint={`Inventory ${formatMoney(summary.averageInventory, summary.currency)} at cost on COGS ${formatMoney(summary.cogs, summary.currency)}`} />
      <DaysCard label="DPO (days payables outstanding)" value={summary.dpoDays} hint={`Payables ${formatMoney(summary.averagePayables, summary.currency)} on COGS`} />
    </div>
  );
}

/**
 * Working capital (Finance): the CCC and its parts for the report period against the 55-day target, the
 * 24-month trend, the mitigation list, and the cash runway with what-if levers, saved scenarios and a side-by-side
 * comparison. VIEWER reads; saving scenarios needs workingcapital:write (MANAGER, ADMIN).
 */
export function WorkingCapitalPage() {
  const { filters } = useReportFilters();
  const session = useSession();
  const canWrite = (session.data?.user.permissions ?? []).includes('workingcapital:write');
  const currency: Currency = filters.currency ?? 'GBP';
  const range = useMemo(
    () => (filters.range === 'custom' && filters.from && filters.to ? { from: filters.from, to: filters.to } : resolvePreset(filters.range === 'custom' ? '30d' : filters.range, toIsoDate(new Date()))),
    [filters.range, filters.from, filters.to],
  );
  const summary = useWorkingCapitalSummary({ from: range.from, to: range.to, region: filters.region, channel: filters.channel, currency });
  const trend = useWorkingCapitalTrend({ months: 24, currency });
  const mitigations = useCccMitigations(currency);

  const [levers, setLevers] = useState<CashScenarioParams>(neutralScenario);
  const [horizonDays, setHorizonDays] = useState(180);
  const debounced = useDebounced(levers, 250);
  // An unfinished one-off amount (the field shows it as invalid) must not turn the chart into an error.
  const runway = useCashRunway({ ...debounced, oneOffCost: /^\d+(\.\d+)?$/.test(debounced.oneOffCost) ? debounced.oneOffCost : '0', horizonDays, currency });

  return (
    <div className="grid gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Working capital</h1>
        <p className="text-sm text-muted-foreground">
          {formatDate(range.from)} – {formatDate(range.to)}
          {filters.region ? ` · region ${filters.region}` : ''}
          {filters.channel ? ` · channel ${filters.channel}` : ''} · {currency}
        </p>
      </div>

      {summary.isError ? <ErrorState error={summary.error} onRetry={() => void summary.refetch()} /> : summary.data ? <CccCards summary={summary.data} /> : <Skeleton className="h-40" />}
      {summary.data ? <p className="text-xs text-muted-foreground">{summary.data.dayCountConvention}</p> : null}

      <Card>
        <CardHeader>
          <CardTitle>CCC over 24 months</CardTitle>
          <CardDescription>Monthly, company-wide; dashed lines at the 55-day target, 65 (red) and 75 (critical).</CardDescription>
        </CardHeader>
        <CardContent className="h-72">
          {trend.isError ? <ErrorState error={trend.error} onRetry={() => void trend.refetch()} /> : trend.data ? <Suspense fallback={chartFallback}><CccTrendChart trend={trend.data} /></Suspense> : chartFallback}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>What moves the CCC most</CardTitle>
          <CardDescription>
            Last 90 days{mitigations.data?.cccDays ? `, CCC ${formatDays(mitigations.data.cccDays)}` : ''}.
            {mitigations.data?.actionsToTarget ? ` The top ${mitigations.data.actionsToTarget} action(s) bring it under target.` : mitigations.data && mitigations.data.actionsToTarget === null ? ' These actions together do not reach the target.' : ''}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {mitigations.isError ? (
            <ErrorState error={mitigations.error} onRetry={() => void mitigations.refetch()} />
          ) : mitigations.data ? (
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <thead className="text-left text-muted-foreground">
                  <tr>
                    <th className="py-1 pr-4 font-medium">Action</th>
                    <th className="py-1 pr-4 text-right font-medium">CCC days</th>
                    <th className="py-1 pr-4 text-right font-medium">Cash released</th>
                    <th className="py-1 text-right font-medium">CCC after</th>
                  </tr>
                </thead>
                <tbody>
                  {mitigations.data.actions.map((a) => (
                    <tr key={`${a.kind}:${a.reference}`} className="border-t">
                      <td className="py-1.5 pr-4">{a.description}</td>
                      <td className="py-1.5 pr-4 text-right tabular-nums">−{a.cccDaysReduction}</td>
                      <td className="py-1.5 pr-4 text-right tabular-nums">{formatMoney(a.cashReleased, mitigations.data.currency)}</td>
                      <td className="py-1.5 text-right tabular-nums">{a.cumulativeCccDays}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Skeleton className="h-32" />
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Cash runway</CardTitle>
          <CardDescription>
            {runway.data
              ? `From ${formatMoney(runway.data.openingBalance, currency)} on ${formatDate(runway.data.startDate)}: ${
                  runway.data.runwayDays === null ? `cash stays positive for ${runway.data.horizonDays} days` : `cash runs out on ${formatDate(runway.data.zeroCrossingDate ?? '')} (${runway.data.runwayDays} days)`
                }${runway.data.minimumCashCrossingDate ? `; below the 90-day minimum (${formatMoney(runway.data.minimumCash, currency)}) from ${formatDate(runway.data.minimumCashCrossingDate)}` : ''}. Lowest ${formatMoney(runway.data.lowestBalance.amount, currency)} on ${formatDate(runway.data.lowestBalance.date)}.`
              : 'Daily projection with 80 % and 95 % ranges from the demand estimate.'}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {runway.data ? <CashFanSummary runway={runway.data} /> : null}
          <div className="h-80" aria-busy={runway.isFetching}>
            {runway.isError ? <ErrorState error={runway.error} onRetry={() => void runway.refetch()} /> : runway.data ? <Suspense fallback={chartFallback}><CashRunwayChart runway={runway.data} /></Suspense> : chartFallback}
          </div>
          <ScenarioPanel levers={levers} onChange={setLevers} horizonDays={horizonDays} onHorizonChange={setHorizonDays} currency={currency} canWrite={canWrite} />
          {runway.data ? (
            <a className="text-sm text-primary underline-offset-4 hover:underline" href={buildUrl('/api/working-capital/cash-runway.csv', { ...debounced, horizonDays, currency })} download>
              Export projection (CSV)
            </a>
          ) : null}
          {runway.data ? (
            <details className="text-xs text-muted-foreground">
              <summary className="cursor-pointer">Assumptions</summary>
              <ul className="mt-1 list-disc pl-5">
                {runway.data.assumptions.map((a) => (
                  <li key={a}>{a}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </CardContent>
      </Card>
    </div>
  );
}

/** Where the sales come from, and the runway and crossing dates at each end of the fan. */
function CashFanSummary({ runway }: { runway: CashRunway }) {
  const source = runway.demandSource;
  const when = (date: string | null, days: number | null) => (date === null ? 'stays positive' : `${formatDate(date)} (${days} days)`);
  return (
    <div className="grid gap-2 text-sm">
      <p>
        <span className={`mr-2 rounded px-1.5 py-0.5 text-xs font-medium ${source.kind === 'forecast_run' ? 'bg-emerald-100 text-emerald-900' : 'bg-amber-100 text-amber-900'}`}>
          {source.kind === 'forecast_run' ? `Sales from forecast run ${source.runId?.slice(0, 8) ?? ''}` : 'Sales from moving average'}
        </span>
        <span className="text-muted-foreground">{source.description}</span>
      </p>
      {runway.fan.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs tabular-nums" aria-label="Cash fan">
            <thead className="text-muted-foreground">
              <tr>
                <th className="py-1 pr-3 font-medium">Path</th>
                <th className="py-1 pr-3 font-medium">Cash below zero</th>
                <th className="py-1 pr-3 font-medium">Below 90-day minimum</th>
                <th className="py-1 pr-3 text-right font-medium">Ending balance</th>
              </tr>
            </thead>
            <tbody>
              {runway.fan.flatMap((f) =>
                (['low', 'high'] as const).map((side) => (
                  <tr key={`${f.level}-${side}`} className="border-t">
                    <td className="py-1 pr-3">{`${side === 'low' ? 'Low' : 'High'} end of ${f.level} % range`}</td>
                    <td className="py-1 pr-3">{when(f[side].zeroCrossingDate, f[side].runwayDays)}</td>
                    <td className="py-1 pr-3">{f[side].minimumCashCrossingDate ? formatDate(f[side].minimumCashCrossingDate) : 'never'}</td>
                    <td className="py-1 pr-3 text-right">{formatMoney(f[side].endingBalance, runway.currency)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
