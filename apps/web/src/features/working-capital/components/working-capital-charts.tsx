import type { CashRunway, WorkingCapitalTrend } from '@sentia/contracts/working-capital';
import { Area, CartesianGrid, ComposedChart, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDate, formatDays, formatMoney } from '@/lib/format.ts';

const axis = { tickLine: false, axisLine: false, fontSize: 12, stroke: 'var(--color-muted-foreground)' } as const;
const tooltipStyle = { borderRadius: 8, border: '1px solid var(--color-border)', fontSize: 13 };
const monthLabel = (key: string) => new Intl.DateTimeFormat('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(`${key}-01T00:00:00Z`));
const num = (v: string | null) => (v === null ? null : Number(v));

/** Monthly CCC with its DSO, DIO and DPO, against the target and the red/critical thresholds. Loaded lazily. */
export function CccTrendChart({ trend }: { trend: WorkingCapitalTrend }) {
  const data = trend.months.map((m) => ({ month: m.month, ccc: num(m.cccDays), dso: num(m.dsoDays), dio: num(m.dioDays), dpo: num(m.dpoDays) }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--color-border)" />
        <XAxis dataKey="month" tickFormatter={monthLabel} minTickGap={16} {...axis} />
        <YAxis width={40} tickFormatter={(v: number) => `${v}`} {...axis} />
        <Tooltip contentStyle={tooltipStyle} labelFormatter={(l) => monthLabel(String(l))} formatter={(v, name) => [v === null ? '—' : formatDays(Number(v)), name]} />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 13 }} />
        <ReferenceLine y={trend.targetDays} stroke="var(--color-chart-2)" strokeDasharray="4 4" label={{ value: `target ${trend.targetDays}`, fontSize: 11, position: 'insideTopLeft' }} />
        <ReferenceLine y={65} stroke="#f59e0b" strokeDasharray="2 4" />
        <ReferenceLine y={75} stroke="#dc2626" strokeDasharray="2 4" />
        <Line dataKey="ccc" name="CCC" stroke="var(--color-chart-1)" strokeWidth={2.5} dot={false} connectNulls={false} isAnimationActive={false} />
        <Line dataKey="dso" name="DSO" stroke="var(--color-chart-3)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        <Line dataKey="dio" name="DIO" stroke="#7c3aed" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        <Line dataKey="dpo" name="DPO" stroke="#0891b2" strokeWidth={1.5} dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Projected closing cash with its 80 % and 95 % fan, zero and minimum-cash lines and the crossing dates marked. Loaded lazily. */
export function CashRunwayChart({ runway }: { runway: CashRunway }) {
  const pair = (low: string | null, high: string | null) => (low !== null && high !== null ? [Number(low), Number(high)] : null);
  const data = runway.days.map((d) => ({ date: d.date, closing: Number(d.closing), band: pair(d.low, d.high), band95: pair(d.low95, d.high95) }));
  const hasBand95 = data.some((d) => d.band95 !== null);
  const currency = runway.currency;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 16, right: 8, bottom: 0, left: 4 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--color-border)" />
        <XAxis dataKey="date" tickFormatter={(d: string) => formatDate(d, { withYear: false })} minTickGap={32} {...axis} />
        <YAxis width={60} tickFormatter={(v: number) => formatMoney(v, currency, { compact: true })} {...axis} />
        <Tooltip
          contentStyle={tooltipStyle}
          labelFormatter={(l) => formatDate(String(l))}
          formatter={(v, name) => [Array.isArray(v) ? `${formatMoney(Number(v[0]), currency)} – ${formatMoney(Number(v[1]), currency)}` : formatMoney(Number(v), currency), name]}
        />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 13 }} />
        {hasBand95 ? <Area dataKey="band95" name="95 % range" stroke="none" fill="var(--color-chart-1)" fillOpacity={0.1} isAnimationActive={false} /> : null}
        <Area dataKey="band" name="80 % range" stroke="none" fill="var(--color-chart-1)" fillOpacity={0.22} isAnimationActive={false} />
        <Line dataKey="closing" name="Closing cash" stroke="var(--color-chart-1)" strokeWidth={2} dot={false} isAnimationActive={false} />
        <ReferenceLine y={0} stroke="#dc2626" />
        <ReferenceLine y={Number(runway.minimumCash)} stroke="#f59e0b" strokeDasharray="4 4" label={{ value: '90-day minimum', fontSize: 11, position: 'insideTopLeft' }} />
        {runway.minimumCashCrossingDate ? <ReferenceLine x={runway.minimumCashCrossingDate} stroke="#f59e0b" label={{ value: 'below minimum', fontSize: 11, position: 'top' }} /> : null}
        {runway.zeroCrossingDate ? <ReferenceLine x={runway.zeroCrossingDate} stroke="#dc2626" label={{ value: 'cash < 0', fontSize: 11, position: 'top' }} /> : null}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
