import type { Currency } from '@sentia/contracts/common';
import type { CashScenarioParams } from '@sentia/contracts/working-capital';
import { useState } from 'react';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { formatDate, formatMoney } from '@/lib/format.ts';
import { useScenarioComparison } from '../api/compare-cash-scenarios.ts';
import { useSaveCashScenario, useSavedScenarios } from '../api/save-cash-scenario.ts';

export const neutralScenario: CashScenarioParams = { demandChangePct: 0, priceChangePct: 0, customerTermsChangeDays: 0, supplierTermsChangeDays: 0, leadTimeChangeDays: 0, oneOffCost: '0' };

type NumericLever = Exclude<keyof CashScenarioParams, 'oneOffCost' | 'oneOffDate'>;
const sliders: { key: NumericLever; label: string; min: number; max: number; step: number; unit: string }[] = [
  { key: 'demandChangePct', label: 'Demand', min: -50, max: 50, step: 5, unit: '%' },
  { key: 'priceChangePct', label: 'Price', min: -30, max: 30, step: 1, unit: '%' },
  { key: 'customerTermsChangeDays', label: 'Customer terms', min: -30, max: 30, step: 1, unit: ' days' },
  { key: 'supplierTermsChangeDays', label: 'Supplier terms', min: -30, max: 60, step: 1, unit: ' days' },
  { key: 'leadTimeChangeDays', label: 'Lead time', min: -30, max: 60, step: 1, unit: ' days' },
];
const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

/** What-if levers for the cash runway, saving the current levers under a name and comparing saved scenarios. */
export function ScenarioPanel({
  levers,
  onChange,
  horizonDays,
  onHorizonChange,
  currency,
  canWrite,
}: {
  levers: CashScenarioParams;
  onChange: (next: CashScenarioParams) => void;
  horizonDays: number;
  onHorizonChange: (days: number) => void;
  currency: Currency;
  canWrite: boolean;
}) {
  const [name, setName] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const save = useSaveCashScenario();
  const saved = useSavedScenarios();
  const comparison = useScenarioComparison(selected);
  const oneOffValid = /^\d+(\.\d{1,2})?$/.test(levers.oneOffCost);

  return (
    <div className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {sliders.map((s) => (
          <div key={s.key} className="grid gap-1">
            <Label htmlFor={`lever-${s.key}`}>
              {s.label}: {signed(levers[s.key])}
              {s.unit}
            </Label>
            <input id={`lever-${s.key}`} type="range" min={s.min} max={s.max} step={s.step} value={levers[s.key]} onChange={(e) => onChange({ ...levers, [s.key]: Number(e.target.value) })} />
          </div>
        ))}
        <div className="grid gap-1">
          <Label htmlFor="lever-one-off">One-off cost ({currency})</Label>
          <Input id="lever-one-off" inputMode="decimal" value={levers.oneOffCost} aria-invalid={!oneOffValid} onChange={(e) => onChange({ ...levers, oneOffCost: e.target.value.trim() === '' ? '0' : e.target.value.trim() })} />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="horizon">Horizon</Label>
          <select id="horizon" className="h-10 rounded-md border bg-card px-2 text-sm" value={horizonDays} onChange={(e) => onHorizonChange(Number(e.target.value))}>
            {[90, 180, 365].map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <Button variant="outline" onClick={() => onChange(neutralScenario)}>
          Reset levers
        </Button>
        {canWrite ? (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate({ name: name.trim(), horizonDays, currency, params: levers }, { onSuccess: () => setName('') });
            }}
          >
            <div className="grid gap-1">
              <Label htmlFor="scenario-name">Scenario name</Label>
              <Input id="scenario-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
            </div>
            <Button type="submit" disabled={name.trim() === '' || !oneOffValid || save.isPending}>
              Save scenario
            </Button>
            {save.isError ? <span className="text-sm text-destructive">{isApiError(save.error) ? save.error.message : 'Could not save.'}</span> : null}
          </form>
        ) : null}
      </div>

      {saved.data && saved.data.scenarios.length > 0 ? (
        <fieldset className="grid gap-2">
          <legend className="text-sm font-medium">Compare saved scenarios</legend>
          <div className="flex flex-wrap gap-3">
            {saved.data.scenarios.map((s) => (
              <label key={s.id} className="flex items-center gap-1 text-sm">
                <input
                  type="checkbox"
                  checked={selected.includes(s.id)}
                  disabled={!selected.includes(s.id) && selected.length >= 6}
                  onChange={(e) => setSelected(e.target.checked ? [...selected, s.id] : selected.filter((id) => id !== s.id))}
                />
                {s.name}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      {comparison.isError ? <ErrorState error={comparison.error} /> : null}
      {comparison.data ? (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="text-left text-muted-foreground">
              <tr>
                <th className="py-1 pr-4 font-medium">Scenario</th>
                <th className="py-1 pr-4 text-right font-medium">Runway</th>
                <th className="py-1 pr-4 font-medium">Below minimum from</th>
                <th className="py-1 pr-4 text-right font-medium">Lowest cash</th>
                <th className="py-1 pr-4 text-right font-medium">Ending cash</th>
                <th className="py-1 text-right font-medium">vs base</th>
              </tr>
            </thead>
            <tbody>
              {comparison.data.rows.map((r) => (
                <tr key={r.id ?? 'base'} className="border-t">
                  <td className="py-1.5 pr-4">{r.name}</td>
                  <td className="py-1.5 pr-4 text-right">{r.runwayDays === null ? 'whole horizon' : `${r.runwayDays} days`}</td>
                  <td className="py-1.5 pr-4">{r.minimumCashCrossingDate ? formatDate(r.minimumCashCrossingDate) : '—'}</td>
                  <td className="py-1.5 pr-4 text-right tabular-nums">
                    {formatMoney(r.lowestBalance, comparison.data.currency)} ({formatDate(r.lowestBalanceDate, { withYear: false })})
                  </td>
                  <td className="py-1.5 pr-4 text-right tabular-nums">{formatMoney(r.endingBalance, comparison.data.currency)}</td>
                  <td className="py-1.5 text-right tabular-nums">{formatMoney(r.endingBalanceChange, comparison.data.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
