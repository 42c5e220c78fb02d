import type { SeriesList } from '@sentia/contracts/forecasting';
import { Label } from '@/components/ui/label.tsx';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select.tsx';

const ALL = '*';

/** Splits a series key `SKU|REGION|CHANNEL` (`*` = all). */
export function splitKey(key: string): [string, string, string] {
  const [sku = ALL, region = ALL, channel = ALL] = key.split('|');
  return [sku, region, channel];
}

/**
 * Picks a series from the hierarchy: each level is one select whose "All" aggregates that level,
 * so All/All/All is the company total and one SKU with All/All is that SKU everywhere.
 */
export function SeriesPicker({ list, value, onChange }: { list: SeriesList | undefined; value: string; onChange: (key: string) => void }) {
  const [sku, region, channel] = splitKey(value);
  const cells = (list?.series ?? []).filter((s) => s.level === 'sku_region_channel');
  const distinct = (pick: (s: (typeof cells)[number]) => string | null) => [...new Set(cells.map(pick).filter((v): v is string => v !== null))].sort();
  const levels: { id: string; label: string; current: string; options: string[]; set: (v: string) => string }[] = [
    { id: 'sku', label: 'SKU', current: sku, options: distinct((s) => s.sku), set: (v) => `${v}|${region}|${channel}` },
    { id: 'region', label: 'Region', current: region, options: distinct((s) => s.region), set: (v) => `${sku}|${v}|${channel}` },
    { id: 'channel', label: 'Channel', current: channel, options: distinct((s) => s.channel), set: (v) => `${sku}|${region}|${v}` },
  ];
  return (
    <div className="flex flex-wrap items-end gap-3">
      {levels.map((level) => (
        <div key={level.id} className="grid gap-1">
          <Label htmlFor={`series-${level.id}`}>{level.label}</Label>
          <Select value={level.current} onValueChange={(v) => onChange(level.set(v))}>
            <SelectTrigger id={`series-${level.id}`} className="w-48" aria-label={level.label}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL}>All {level.label === 'SKU' ? 'SKUs' : `${level.label.toLowerCase()}s`}</SelectItem>
              {level.options.map((o) => (
                <SelectItem key={o} value={o}>
                  {o}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
      ))}
    </div>
  );
}
