import { currencyCodes, type Currency } from '@sentia/contracts/common';
import { CalendarRange } from 'lucide-react';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { Popover, PopoverAnchor, PopoverContent } from '@/components/ui/popover.tsx';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select.tsx';
import { isIsoDate, rangePresetLabels, rangePresets, type RangePreset } from '@/lib/date-range.ts';
import { formatDate } from '@/lib/format.ts';
import { useReportFilters } from '@/lib/report-filters.ts';
import { useKpiParams } from '../api/kpi-params.ts';
import { useMeta } from '../api/get-meta.ts';

const currencyNames: Record<Currency, string> = { GBP: 'GBP £', EUR: 'EUR €', USD: 'USD $' };

function CustomRangeForm({ initial, bounds, onApply }: { initial: { from: string; to: string }; bounds: { from: string; to: string } | null; onApply: (range: { from: string; to: string }) => void }) {
  const id = useId();
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const error = !isIsoDate(from) || !isIsoDate(to) ? 'Enter both dates.' : from > to ? 'The start date must be on or before the end date.' : null;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!error) onApply({ from, to });
  };
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Custom date range">
      <div className="grid grid-cols-2 gap-3">
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-from`}>From</Label>
          <Input id={`${id}-from`} type="date" value={from} min={bounds?.from} max={bounds?.to} onChange={(e) => setFrom(e.target.value)} required />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-to`}>To</Label>
          <Input id={`${id}-to`} type="date" value={to} min={bounds?.from} max={bounds?.to} onChange={(e) => setTo(e.target.value)} required />
        </div>
      </div>
      {error && from && to ? (
        <p className="text-sm text-destructive" role="alert">
          {error}
        </p>
      ) : null}
      <Button type="submit" size="sm" className="w-full" disabled={error !== null}>
        Apply range
      </Button>
    </form>
  );
}

/** Date-range preset, custom range and reporting currency pickers; all state lives in the URL. */
export function ReportControls() {
  const { filters, setFilters } = useReportFilters();
  const { range } = useKpiParams();
  const meta = useMeta();
  const [isCustomOpen, setIsCustomOpen] = useState(false);
  // The custom-range popover opens only once the select has closed: opening it while the select
  // hands focus back to its trigger would count as "focus outside" and close it again at once.
  const isCustomPending = useRef(false);
  const currency = filters.currency ?? meta.data?.company.baseCurrency ?? 'GBP';

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Popover open={isCustomOpen} onOpenChange={setIsCustomOpen}>
        <PopoverAnchor asChild>
          <div className="flex items-center gap-2">
            <Select
              value={filters.range}
              onValueChange={(value) => {
                if (value === 'custom') isCustomPending.current = true;
                else setFilters({ range: value as RangePreset }, { push: true });
              }}
            >
              <SelectTrigger aria-label="Date range" className="w-[11.75rem]">
                <CalendarRange className="size-4 text-muted-foreground" aria-hidden="true" />
                <SelectValue />
              </SelectTrigger>
              <SelectContent
                onCloseAutoFocus={(event) => {
                  if (!isCustomPending.current) return;
                  isCustomPending.current = false;
                  event.preventDefault();
                  setIsCustomOpen(true);
                }}
              >
                {rangePresets.map((preset) => (
                  <SelectItem key={preset} value={preset}>
                    {rangePresetLabels[preset]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            {filters.range === 'custom' ? (
              <Button variant="outline" size="sm" className="h-10" onClick={() => setIsCustomOpen(true)} aria-label="Edit custom date range">
                Edit
              </Button>
            ) : null}
          </div>
        </PopoverAnchor>
        <PopoverContent align="start" className="w-80">
          {range ? (
            <CustomRangeForm
              initial={range}
              bounds={meta.data?.dataRange ?? null}
              onApply={(custom) => {
                setFilters({ range: 'custom', ...custom }, { push: true });
                setIsCustomOpen(false);
              }}
            />
          ) : null}
        </PopoverContent>
      </Popover>
      <Select value={currency} onValueChange={(value) => setFilters({ currency: value as Currency }, { push: true })}>
        <SelectTrigger aria-label="Reporting currency" className="w-[6.5rem]">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {currencyCodes.map((code) => (
            <SelectItem key={code} value={code}>
              {currencyNames[code]}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      {range ? (
        <p className="text-xs text-muted-foreground" data-testid="resolved-range">
          <span className="sr-only">Showing </span>
          {formatDate(range.from)} – {formatDate(range.to)}
        </p>
      ) : null}
    </div>
  );
}
