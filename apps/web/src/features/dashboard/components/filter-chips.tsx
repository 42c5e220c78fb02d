import type { Meta } from '@sentia/contracts/meta';
import { X } from 'lucide-react';
import { Button } from '@/components/ui/button.tsx';
import type { ReportFilters } from '@/lib/report-filters.ts';

type DrillKey = 'region' | 'channel' | 'sku';
const drillKeys: DrillKey[] = ['region', 'channel', 'sku'];
const drillLabels: Record<DrillKey, string> = { region: 'Region', channel: 'Channel', sku: 'SKU' };

function nameOf(meta: Meta | undefined, key: DrillKey, code: string): string {
  if (!meta) return code;
  if (key === 'region') return meta.regions.find((r) => r.code === code)?.name ?? code;
  if (key === 'channel') return meta.channels.find((c) => c.code === code)?.name ?? code;
  const sku = meta.skus.find((s) => s.code === code);
  return sku ? `${sku.code} · ${sku.name}` : code;
}

/** The active drill-down filters as removable chips. */
export function FilterChips({ filters, meta, onRemove, onClearAll }: { filters: ReportFilters; meta: Meta | undefined; onRemove: (key: DrillKey) => void; onClearAll: () => void }) {
  const active = drillKeys.filter((key) => filters[key] !== undefined);
  if (active.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-2" aria-label="Active filters" role="group">
      {active.map((key) => {
        const name = nameOf(meta, key, filters[key] as string);
        return (
          <span key={key} data-filter={key} className="inline-flex h-8 items-center gap-1 rounded-full border border-primary/30 bg-accent pl-3 pr-1 text-sm text-accent-foreground">
            <span className="text-xs text-accent-foreground/80">{drillLabels[key]}:</span>
            <span className="max-w-[14rem] truncate font-medium">{name}</span>
            <button
              type="button"
              onClick={() => onRemove(key)}
              aria-label={`Remove ${drillLabels[key].toLowerCase()} filter ${name}`}
              className="ml-0.5 inline-flex size-6 items-center justify-center rounded-full hover:bg-primary/15 focus-visible:outline-2 focus-visible:outline-ring"
            >
              <X className="size-3.5" aria-hidden="true" />
            </button>
          </span>
        );
      })}
      {active.length > 1 ? (
        <Button variant="link" size="sm" className="h-8 px-1" onClick={onClearAll}>
          Clear all
        </Button>
      ) : null}
    </div>
  );
}
