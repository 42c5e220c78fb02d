import { useId } from 'react';

/**
 * A tiny inline SVG line chart. Hand-rolled rather than Recharts so the KPI cards render
 * without waiting for the charting chunk.
 */
export function Sparkline({ values, className }: { values: (number | null)[]; className?: string }) {
  const gradientId = useId();
  const points = values.map((v, i) => ({ i, v })).filter((p): p is { i: number; v: number } => p.v !== null && Number.isFinite(p.v));
  if (points.length < 2) return null;
  const width = 100;
  const height = 32;
  const min = Math.min(...points.map((p) => p.v));
  const max = Math.max(...points.map((p) => p.v));
  const span = max - min || 1;
  const last = values.length - 1 || 1;
  const coords = points.map((p) => [(p.i / last) * width, height - 2 - ((p.v - min) / span) * (height - 4)] as const);
  const line = coords.map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${x.toFixed(2)},${y.toFixed(2)}`).join(' ');
  const area = `${line} L${coords.at(-1)?.[0].toFixed(2)},${height} L${coords[0]?.[0].toFixed(2)},${height} Z`;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" className={className} aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={gradientId} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0%" stopColor="var(--color-chart-1)" stopOpacity="0.25" />
          <stop offset="100%" stopColor="var(--color-chart-1)" stopOpacity="0" />
        </linearGradient>
      </defs>
      <path d={area} fill={`url(#${gradientId})`} />
      <path d={line} fill="none" stroke="var(--color-chart-1)" strokeWidth="1.5" vectorEffect="non-scaling-stroke" strokeLinejoin="round" />
    </svg>
  );
}
