import type { Currency } from '@sentia/contracts/common';
import type { KpiSummary } from '@sentia/contracts/kpi';
import { ArrowDownRight, ArrowRight, ArrowUpRight } from 'lucide-react';
import { useId } from 'react';
import { cn } from '@/lib/cn.ts';
import { formatChange } from '@/lib/format.ts';
import type { KpiDefinition } from '../kpi-definitions.ts';
import { Sparkline } from './sparkline.tsx';

function ChangeIndicator({ changePct, higherIsBetter }: { changePct: number | null; higherIsBetter: boolean }) {
  if (changePct === null) return <span className="text-sm text-muted-foreground">No comparison</span>;
  const rounded = Math.round(changePct * 10) / 10;
  const direction = rounded > 0 ? 'up' : rounded < 0 ? 'down' : 'flat';
  const isGood = direction === 'flat' ? null : (direction === 'up') === higherIsBetter;
  const Icon = direction === 'up' ? ArrowUpRight : direction === 'down' ? ArrowDownRight : ArrowRight;
  return (
    <span className={cn('inline-flex items-center gap-0.5 text-sm font-semibold', isGood === null ? 'text-muted-foreground' : isGood ? 'text-positive' : 'text-negative')}>
      <Icon className="size-4" aria-hidden="true" />
      <span className="sr-only">{direction === 'flat' ? 'Unchanged' : direction === 'up' ? 'Up' : 'Down'}</span>
      {formatChange(changePct)}
    </span>
  );
}

/** One KPI: value, change against the previous period, and a sparkline when a series exists. */
export function KpiCard({
  definition,
  kpis,
  currency,
  sparkline,
  isRefreshing,
}: {
  definition: KpiDefinition;
  kpis: KpiSummary['kpis'];
  currency: Currency;
  sparkline: (number | null)[] | undefined;
  isRefreshing: boolean;
}) {
  const id = useId();
  const kpi = kpis[definition.key];
  const value = kpi.value === null ? null : definition.format(kpi.value, currency);
  return (
    <article
      aria-labelledby={`${id}-label`}
      aria-busy={isRefreshing}
      data-kpi={definition.key}
      className={cn('flex w-full min-w-0 flex-col rounded-lg border bg-card p-4 shadow-xs transition-opacity', isRefreshing && 'opacity-60')}
    >
      <h3 id={`${id}-label`} className="text-sm font-medium text-muted-foreground" title={definition.description}>
        {definition.label}
      </h3>
      <p className="mt-1.5 truncate text-2xl font-semibold tracking-tight tabular-nums" data-testid={`kpi-value-${definition.key}`} data-value={kpi.value ?? ''}>
        {value ?? <span className="text-muted-foreground">—</span>}
        {value === null ? <span className="sr-only">No data for this period</span> : null}
      </p>
      {!sparkline && !definition.parts ? <p className="mt-1 line-clamp-2 text-xs text-muted-foreground">{definition.description}</p> : null}
      <div className="mt-auto flex items-end justify-between gap-3 pt-2">
        <div className="min-w-0 text-xs">
          <ChangeIndicator changePct={kpi.changePct} higherIsBetter={definition.higherIsBetter} />
          <p className="mt-0.5 truncate text-muted-foreground">
            {sparkline || kpi.previous === null ? 'vs previous period' : `vs ${definition.format(kpi.previous, currency)} previous period`}
          </p>
        </div>
        {sparkline ? <Sparkline values={sparkline} className="h-9 w-24 shrink-0" /> : null}
      </div>
      {definition.parts ? (
        <dl className="mt-3 grid grid-cols-3 gap-2 border-t pt-3 text-xs">
          {definition.parts.map((part) => {
            const partValue = kpis[part.key].value;
            return (
              <div key={part.key} className="min-w-0">
                <dt className="text-muted-foreground">{part.label}</dt>
                <dd className="font-semibold tabular-nums" data-testid={`kpi-value-${part.key}`} data-value={partValue ?? ''}>
                  {partValue === null ? '—' : definition.format(partValue, currency)}
                </dd>
              </div>
            );
          })}
        </dl>
      ) : null}
    </article>
  );
}
