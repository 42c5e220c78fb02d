import type { KpiTrend } from '@sentia/contracts/kpi';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatDate, formatMoney } from '@/lib/format.ts';

/** Revenue bars with a units line on a second axis. Loaded lazily: Recharts is the largest dependency. */
export default function TrendChart({ trend }: { trend: KpiTrend }) {
  // Chart geometry needs numbers; the exact decimal strings are kept for the tooltip text.
  const data = trend.points.map((p) => ({ date: p.date, revenue: Number(p.revenue), revenueText: p.revenue, units: p.units }));
  const currency = trend.currency;
  const tickDate = (iso: string) =>
    trend.granularity === 'month' ? new Intl.DateTimeFormat('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`)) : formatDate(iso, { withYear: false });
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 8, right: 4, bottom: 0, left: 4 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--color-border)" />
        <XAxis dataKey="date" tickFormatter={tickDate} tickLine={false} axisLine={false} minTickGap={24} fontSize={12} stroke="var(--color-muted-foreground)" />
        <YAxis yAxisId="revenue" tickFormatter={(v: number) => formatMoney(v, currency, { compact: true })} tickLine={false} axisLine={false} width={56} fontSize={12} stroke="var(--color-muted-foreground)" />
        <YAxis yAxisId="units" orientation="right" tickFormatter={(v: number) => formatCount(v, { compact: true })} tickLine={false} axisLine={false} width={44} fontSize={12} stroke="var(--color-muted-foreground)" />
        <Tooltip
          cursor={{ fill: 'var(--color-muted)' }}
          contentStyle={{ borderRadius: 8, border: '1px solid var(--color-border)', fontSize: 13 }}
          labelFormatter={(label) => formatDate(String(label))}
          formatter={(value, name, item) => {
            const payload = item.payload as (typeof data)[number];
            return name === 'Revenue' ? [formatMoney(payload.revenueText, currency), name] : [formatCount(Number(value)), name];
          }}
        />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 13 }} />
        <Bar yAxisId="revenue" dataKey="revenue" name="Revenue" fill="var(--color-chart-1)" radius={[3, 3, 0, 0]} maxBarSize={36} isAnimationActive={false} />
        <Line yAxisId="units" dataKey="units" name="Units" type="monotone" stroke="var(--color-chart-2)" strokeWidth={2} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
