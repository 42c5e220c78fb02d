import type { AccuracyHistory, SeriesDetail } from '@sentia/contracts/forecasting';
import { Area, Bar, CartesianGrid, ComposedChart, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '@/lib/format.ts';

/*
 * The Forecasting page's charts, in one module loaded lazily (Recharts is the largest dependency).
 */

const tickPeriod = (granularity: 'week' | 'month') => (iso: string) =>
  new Intl.DateTimeFormat('en-GB', granularity === 'month' ? { month: 'short', year: '2-digit', timeZone: 'UTC' } : { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

const axisProps = { tickLine: false, axisLine: false, fontSize: 12, stroke: 'var(--color-muted-foreground)' } as const;
const tooltipStyle = { borderRadius: 8, border: '1px solid var(--color-border)', fontSize: 13 };
const units = (v: unknown) => (Array.isArray(v) ? v.map((x) => formatCount(Math.round(Number(x)))).join(' – ') : formatCount(Math.round(Number(v))));

/** History, forecast mean, 80 % and 95 % bands, and planner overrides. */
export function ForecastChart({ detail }: { detail: SeriesDetail }) {
  const points = detail.forecast?.points ?? [];
  const lastHistory = detail.history.at(-1);
  const data = [
    ...detail.history.map((h) => ({ period: h.period, actual: h.units })),
    ...points.map((p) => ({
      period: p.period,
      forecast: p.mean,
      band80: p.lower80 !== null && p.upper80 !== null ? [p.lower80, p.upper80] : undefined,
      band95: p.lower95 !== null && p.upper95 !== null ? [p.lower95, p.upper95] : undefined,
      override: p.override ?? undefined,
    })),
  ];
  // The forecast line starts at the last actual so the two read as one series.
  if (lastHistory && points.length > 0) Object.assign(data[detail.history.length - 1]!, { forecast: lastHistory.units });
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 4 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--color-border)" />
        <XAxis dataKey="period" tickFormatter={tickPeriod(detail.granularity)} minTickGap={24} {...axisProps} />
        <YAxis tickFormatter={(v: number) => formatCount(v, { compact: true })} width={52} {...axisProps} />
        <Tooltip contentStyle={tooltipStyle} formatter={(v, name) => [units(v), name]} />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 13 }} />
        <Area dataKey="band95" name="95 % interval" stroke="none" fill="var(--color-chart-2)" fillOpacity={0.15} isAnimationActive={false} />
        <Area dataKey="band80" name="80 % interval" stroke="none" fill="var(--color-chart-2)" fillOpacity={0.3} isAnimationActive={false} />
        <Line dataKey="actual" name="Actual" stroke="var(--color-chart-1)" strokeWidth={2} dot={false} isAnimationActive={false} />
        <Line dataKey="forecast" name="Forecast" stroke="var(--color-chart-2)" strokeWidth={2} strokeDasharray="5 4" dot={false} isAnimationActive={false} />
        <Line dataKey="override" name="Override" stroke="var(--color-chart-3)" strokeWidth={0} dot={{ r: 4 }} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/** Actual against the forecast made before each period (and the override, where there was one). */
export function AccuracyChart({ history, granularity }: { history: AccuracyHistory; granularity: 'week' | 'month' }) {
  const data = history.points.map((p) => ({ period: p.period, actual: p.actual, forecast: p.forecast, override: p.override ?? undefined }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 4 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--color-border)" />
        <XAxis dataKey="period" tickFormatter={tickPeriod(granularity)} minTickGap={24} {...axisProps} />
        <YAxis tickFormatter={(v: number) => formatCount(v, { compact: true })} width={52} {...axisProps} />
        <Tooltip contentStyle={tooltipStyle} formatter={(v, name) => [units(v), name]} />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 13 }} />
        <Bar dataKey="actual" name="Actual" fill="var(--color-chart-1)" radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
        <Line dataKey="forecast" name="Statistical forecast" stroke="var(--color-chart-2)" strokeWidth={2} isAnimationActive={false} />
        <Line dataKey="override" name="Override" stroke="var(--color-chart-3)" strokeWidth={0} dot={{ r: 4 }} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/** The ETS fit's level (trend) and seasonal components over the history. */
export function DecompositionChart({ decomposition, granularity }: { decomposition: NonNullable<NonNullable<SeriesDetail['forecast']>['decomposition']>; granularity: 'week' | 'month' }) {
  const data = decomposition.periods.map((period, i) => ({ period, level: decomposition.level[i], season: decomposition.season[i] }));
  // A non-seasonal fit (e.g. ETS MNN) has no seasonal component worth a line of zeros.
  const hasSeason = decomposition.season.some((v, i, all) => Math.abs(v - all[0]!) > 1e-9);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 4 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--color-border)" />
        <XAxis dataKey="period" tickFormatter={tickPeriod(granularity)} minTickGap={24} {...axisProps} />
        <YAxis yAxisId="level" tickFormatter={(v: number) => formatCount(v, { compact: true })} width={52} {...axisProps} />
        {hasSeason ? <YAxis yAxisId="season" orientation="right" tickFormatter={(v: number) => (Math.abs(v) < 10 ? v.toFixed(2) : formatCount(v, { compact: true }))} width={48} {...axisProps} /> : null}
        <Tooltip contentStyle={tooltipStyle} formatter={(v, name) => [Number(v).toFixed(2), name]} />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 13 }} />
        <Line yAxisId="level" dataKey="level" name="Level (trend)" stroke="var(--color-chart-1)" strokeWidth={2} dot={false} isAnimationActive={false} />
        {hasSeason ? <Line yAxisId="season" dataKey="season" name="Seasonal" stroke="var(--color-chart-3)" strokeWidth={2} dot={false} isAnimationActive={false} /> : null}
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Colours of the parts beside the trend (chart-1): never the trend's own. */
const partColours = ['var(--color-chart-2)', 'var(--color-chart-3)', 'var(--color-muted-foreground)'];

/**
 * Prophet's additive parts over its fitted window and the horizon: the trend on the left axis, each seasonality and
 * holiday/promotion contribution on the right (units added to the trend), a line where the forecast starts.
 */
export function ProphetDecompositionChart({ decomposition, granularity }: { decomposition: NonNullable<NonNullable<SeriesDetail['forecast']>['prophetDecomposition']>; granularity: 'week' | 'month' }) {
  // more than two event regressors read better as one line (the calendar card lists each one's effect)
  const events = Object.entries(decomposition.regressors);
  const eventParts: Array<[string, number[]]> = events.length > 2 ? [['Holidays and promotions', decomposition.trend.map((_, i) => events.reduce((s, [, v]) => s + v[i]!, 0))]] : events;
  const parts = [...Object.entries(decomposition.seasonal), ...eventParts].filter(([, v]) => v.some((x) => Math.abs(x) > 1e-9));
  const data = decomposition.periods.map((period, i) => ({ period, trend: decomposition.trend[i], ...Object.fromEntries(parts.map(([, v], j) => [`part${j}`, v[i]])) }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 4 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--color-border)" />
        <XAxis dataKey="period" tickFormatter={tickPeriod(granularity)} minTickGap={24} {...axisProps} />
        <YAxis yAxisId="trend" tickFormatter={(v: number) => formatCount(v, { compact: true })} width={52} {...axisProps} />
        {parts.length > 0 ? <YAxis yAxisId="parts" orientation="right" tickFormatter={(v: number) => formatCount(v, { compact: true })} width={48} {...axisProps} /> : null}
        <Tooltip contentStyle={tooltipStyle} formatter={(v, name) => [units(v), name]} />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 13 }} />
        {decomposition.forecastFrom ? <ReferenceLine yAxisId="trend" x={decomposition.forecastFrom} stroke="var(--color-muted-foreground)" strokeDasharray="3 3" label={{ value: 'forecast', position: 'insideTopLeft', fontSize: 11, fill: 'var(--color-muted-foreground)' }} /> : null}
        <Line yAxisId="trend" dataKey="trend" name="Trend" stroke="var(--color-chart-1)" strokeWidth={2} dot={false} isAnimationActive={false} />
        {parts.map(([name], j) => (
          <Line key={name} yAxisId="parts" dataKey={`part${j}`} name={partLabel(name)} stroke={partColours[j % partColours.length]} strokeWidth={2} dot={false} isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

function partLabel(name: string): string {
  if (name === 'yearly') return 'Yearly season';
  if (name === 'weekly') return 'Weekly season';
  if (name.startsWith('season (')) return `Season (${name.slice(8, -1)})`;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

