import type { OeeReport } from '@sentia/contracts/production';
import { Bar, CartesianGrid, Cell, ComposedChart, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDate } from '@/lib/format.ts';

const axis = { tickLine: false, axisLine: false, fontSize: 12, stroke: 'var(--color-muted-foreground)' } as const;
const tooltipStyle = { borderRadius: 8, border: '1px solid var(--color-border)', fontSize: 13 };
const lineColours = ['var(--color-chart-1)', 'var(--color-chart-3)', '#7c3aed', '#0891b2', '#ea580c'];
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

/** OEE per day, plant-wide and per line, against the 85 % target. Loaded lazily. */
export function OeeTrendChart({ report }: { report: OeeReport }) {
  const lines = [...new Set(report.byLineDay.map((g) => g.line as string))];
  const byDate = new Map<string, Record<string, number | string | null>>();
  for (const d of report.byDay) byDate.set(d.date as string, { date: d.date as string, all: pct(d.oee) });
  for (const g of report.byLineDay) {
    const row = byDate.get(g.date as string) ?? { date: g.date as string };
    row[g.line as string] = pct(g.oee);
    byDate.set(g.date as string, row);
  }
  const data = [...byDate.values()].sort((a, b) => String(a.date).localeCompare(String(b.date)));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--color-border)" />
        <XAxis dataKey="date" tickFormatter={(d: string) => formatDate(d, { withYear: false })} minTickGap={24} {...axis} />
        <YAxis width={40} domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} {...axis} />
        <Tooltip contentStyle={tooltipStyle} labelFormatter={(l) => formatDate(String(l))} formatter={(v, name) => [v === null || v === undefined ? '—' : `${Number(v).toFixed(1)} %`, name]} />
        <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 13 }} />
        <ReferenceLine y={report.target * 100} stroke="#f59e0b" strokeDasharray="4 4" label={{ value: `target ${report.target * 100} %`, fontSize: 11, position: 'insideBottomLeft' }} />
        <Line dataKey="all" name="All lines" stroke="var(--color-foreground)" strokeWidth={2.5} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
        {lines.map((line, i) => (
          <Line key={line} dataKey={line} name={line} stroke={lineColours[i % lineColours.length]} strokeWidth={1.5} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Downtime minutes by reason (bars) with the cumulative share (line), the vital few in a stronger colour. Loaded lazily. */
export function DowntimeParetoChart({ report }: { report: OeeReport }) {
  const data = report.pareto.slice(0, 12).map((b) => ({ reason: b.reason, minutes: b.minutes, cumulative: Math.round(b.cumulativeShare * 1000) / 10, fill: b.isVitalFew ? 'var(--color-chart-1)' : 'var(--color-muted-foreground)' }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 8, right: 0, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--color-border)" />
        <XAxis dataKey="reason" interval={0} angle={-30} textAnchor="end" height={70} tickFormatter={(r: string) => r.replace(/_/g, ' ').toLowerCase()} {...axis} fontSize={11} />
        <YAxis yAxisId="m" width={44} tickFormatter={(v: number) => `${v}`} {...axis} />
        <YAxis yAxisId="c" orientation="right" width={40} domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} {...axis} />
        <Tooltip contentStyle={tooltipStyle} formatter={(v, name) => [name === 'Cumulative' ? `${Number(v).toFixed(1)} %` : `${Number(v).toFixed(0)} min`, name]} />
        <ReferenceLine yAxisId="c" y={80} stroke="#f59e0b" strokeDasharray="4 4" />
        <Bar yAxisId="m" dataKey="minutes" name="Minutes lost" maxBarSize={72} isAnimationActive={false} radius={[3, 3, 0, 0]}>
          {data.map((d) => (
            <Cell key={d.reason} fill={d.fill} />
          ))}
        </Bar>
        <Line yAxisId="c" dataKey="cumulative" name="Cumulative" stroke="#dc2626" strokeWidth={1.5} dot={{ r: 2 }} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
