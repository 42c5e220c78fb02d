import type { BreakdownDimension, KpiBreakdown } from '@sentia/contracts/kpi';
import { ChevronRight, X } from 'lucide-react';
import { useState } from 'react';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { cn } from '@/lib/cn.ts';
import { formatCount, formatMoney, formatPercent } from '@/lib/format.ts';

const titles: Record<BreakdownDimension, { title: string; noun: string; plural: string }> = {
  region: { title: 'By region', noun: 'region', plural: 'regions' },
  channel: { title: 'By channel', noun: 'channel', plural: 'channels' },
  sku: { title: 'By SKU', noun: 'SKU', plural: 'SKUs' },
};

// Short lists are shown whole; a "show all" for one or two extra rows only adds a click.
const collapsedRowCount = 10;

/**
 * Revenue split by one dimension. Each row is a drill-down: activating its button sets that
 * filter (keyboard: Tab to the row's button, Enter). The active filter's row is highlighted.
 */
export function BreakdownPanel({
  dimension,
  breakdown,
  activeKey,
  isLoading,
  isRefreshing,
  error,
  onRetry,
  onDrill,
  onClear,
}: {
  dimension: BreakdownDimension;
  breakdown: KpiBreakdown | undefined;
  activeKey: string | undefined;
  isLoading: boolean;
  isRefreshing: boolean;
  error: unknown;
  onRetry: () => void;
  onDrill: (key: string) => void;
  onClear: () => void;
}) {
  const [isExpanded, setIsExpanded] = useState(false);
  const { title, noun, plural } = titles[dimension];
  const headingId = `breakdown-${dimension}-title`;
  const rows = breakdown?.rows ?? [];
  const visibleRows = isExpanded ? rows : rows.slice(0, collapsedRowCount);

  return (
    <Card aria-labelledby={headingId} data-breakdown={dimension}>
      <CardHeader>
        <div>
          <CardTitle id={headingId}>{title}</CardTitle>
          <CardDescription>Select a {noun} to drill down</CardDescription>
        </div>
        {activeKey ? (
          <Button variant="ghost" size="sm" onClick={onClear}>
            <X aria-hidden="true" />
            All {plural}
          </Button>
        ) : null}
      </CardHeader>
      <CardContent className="px-0 sm:px-0">
        {error && !breakdown ? (
          <ErrorState className="mx-4 sm:mx-5" title={`Could not load revenue by ${noun}`} error={error} onRetry={onRetry} />
        ) : isLoading || !breakdown ? (
          <div className="space-y-2 px-4 sm:px-5" aria-busy="true" aria-label={`Loading revenue by ${noun}`}>
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} className="h-9 w-full" />
            ))}
          </div>
        ) : rows.length === 0 ? (
          <EmptyState className="mx-4 sm:mx-5" title="No sales in this period">
            Try a longer date range or remove a filter.
          </EmptyState>
        ) : (
          <>
            <table className={cn('w-full table-fixed text-sm transition-opacity', isRefreshing && 'opacity-60')} aria-busy={isRefreshing}>
              <thead>
                <tr className="border-b text-left text-xs text-muted-foreground">
                  <th scope="col" className="py-2 pl-4 pr-2 font-medium sm:pl-5">
                    {noun === 'SKU' ? 'SKU' : noun[0]?.toUpperCase() + noun.slice(1)}
                  </th>
                  <th scope="col" className="w-[6.75rem] py-2 pr-2 text-right font-medium sm:w-[8rem]">
                    Revenue
                  </th>
                  <th scope="col" className="hidden w-[5rem] py-2 pr-2 text-right font-medium sm:table-cell">
                    Units
                  </th>
                  <th scope="col" className="w-[4.25rem] py-2 pr-4 text-right font-medium sm:w-[5rem] sm:pr-5">
                    <abbr title="Gross margin" className="no-underline">
                      GM
                    </abbr>
                  </th>
                </tr>
              </thead>
              <tbody>
                {visibleRows.map((row) => {
                  const isActive = row.key === activeKey;
                  return (
                    <tr
                      key={row.key}
                      data-key={row.key}
                      onClick={() => onDrill(row.key)}
                      className={cn('group cursor-pointer border-b last:border-b-0 hover:bg-muted/60', isActive && 'bg-accent/60')}
                    >
                      <td className="py-1.5 pl-2 pr-2 sm:pl-3">
                        <button
                          type="button"
                          onClick={(event) => {
                            event.stopPropagation();
                            onDrill(row.key);
                          }}
                          aria-label={`Drill down into ${noun} ${row.label}`}
                          aria-current={isActive ? 'true' : undefined}
                          className="flex w-full min-w-0 flex-col items-start rounded-sm px-2 py-1 text-left focus-visible:outline-2 focus-visible:outline-ring"
                        >
                          <span className="flex w-full items-center gap-1 font-medium">
                            <span className="line-clamp-2 break-words sm:truncate">{row.label}</span>
                            <ChevronRight className="hidden size-3.5 shrink-0 text-muted-foreground opacity-0 transition-opacity group-hover:opacity-100 sm:block" aria-hidden="true" />
                          </span>
                          <span className="mt-1 block h-1 w-full rounded-full bg-muted" aria-hidden="true">
                            <span className="block h-1 rounded-full bg-chart-1" style={{ width: `${Math.max(0, Math.min(100, row.sharePct))}%` }} />
                          </span>
                        </button>
                      </td>
                      <td className="py-1.5 pr-2 text-right tabular-nums">
                        <span className="block truncate">{formatMoney(row.revenue, breakdown.currency)}</span>
                        <span className="block text-xs text-muted-foreground">{formatPercent(row.sharePct)}</span>
                      </td>
                      <td className="hidden py-1.5 pr-2 text-right tabular-nums sm:table-cell">{formatCount(row.units)}</td>
                      <td className="py-1.5 pr-4 text-right tabular-nums sm:pr-5">{row.grossMarginPct === null ? '—' : formatPercent(row.grossMarginPct)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {rows.length > collapsedRowCount ? (
              <div className="px-4 pt-3 sm:px-5">
                <Button variant="link" size="sm" className="h-auto px-0" aria-expanded={isExpanded} onClick={() => setIsExpanded((v) => !v)}>
                  {isExpanded ? `Show top ${collapsedRowCount}` : `Show all ${rows.length} ${plural}`}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </CardContent>
    </Card>
  );
}
