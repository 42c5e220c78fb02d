import type { SeriesDetail } from '@sentia/contracts/forecasting';
import { useState } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Input } from '@/components/ui/input.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { formatCount, formatDate } from '@/lib/format.ts';
import { usePutForecastOverride } from '../api/put-forecast-override.ts';

type Forecast = NonNullable<SeriesDetail['forecast']>;
type Point = Forecast['points'][number];

const fmt = (v: number | null) => (v === null ? '—' : formatCount(Math.round(v)));

function OverrideCell({ point, runId, seriesKey }: { point: Point; runId: string; seriesKey: string }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(point.override?.toString() ?? Math.round(point.mean).toString());
  const [reason, setReason] = useState(point.overrideReason ?? '');
  const save = usePutForecastOverride();
  const fieldErrors = isApiError(save.error) ? save.error.fieldErrors : {};
  if (!editing) {
    return (
      <div className="flex items-center justify-end gap-2">
        <span className="tabular-nums">{fmt(point.override)}</span>
        <Button size="sm" variant="ghost" onClick={() => setEditing(true)} aria-label={`Override ${formatDate(point.period)}`}>
          Edit
        </Button>
      </div>
    );
  }
  const submit = (clear: boolean) =>
    save.mutate(
      { runId, seriesKey, period: point.period, value: clear ? null : Number(value), reason },
      { onSuccess: () => setEditing(false) },
    );
  return (
    <form
      className="grid gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        submit(false);
      }}
    >
      <Input type="number" min={0} step={1} value={value} onChange={(e) => setValue(e.target.value)} aria-label="Override units" aria-invalid={fieldErrors.value ? true : undefined} />
      <Input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason (required)" aria-label="Override reason" aria-invalid={fieldErrors.reason ? true : undefined} />
      {save.error ? <p className="text-xs text-destructive">{Object.values(fieldErrors).join('; ') || save.error.message}</p> : null}
      <div className="flex justify-end gap-1">
        <Button size="sm" type="submit" disabled={save.isPending || reason.trim().length < 3}>
          Save
        </Button>
        {point.override !== null ? (
          <Button size="sm" type="button" variant="outline" disabled={save.isPending || reason.trim().length < 3} onClick={() => submit(true)}>
            Clear
          </Button>
        ) : null}
        <Button size="sm" type="button" variant="ghost" onClick={() => setEditing(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** The forecast per period with its intervals; managers and admins can override a period with a reason. */
export function ForecastTable({ forecast, seriesKey, canOverride }: { forecast: Forecast; seriesKey: string; canOverride: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Forecast per period with 80 % and 95 % intervals and overrides</caption>
        <thead className="text-left text-muted-foreground">
          <tr className="border-b">
            <th scope="col" className="py-2 pr-3 font-medium">Period</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">Forecast</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">80 % interval</th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">95 % interval</th>
            <th scope="col" className="py-2 text-right font-medium">Override</th>
          </tr>
        </thead>
        <tbody>
          {forecast.points.map((p) => (
            <tr key={p.period} className="border-b align-top last:border-0">
              <th scope="row" className="py-2 pr-3 text-left font-normal">{formatDate(p.period)}</th>
              <td className="py-2 pr-3 text-right tabular-nums">{fmt(p.mean)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{fmt(p.lower80)} – {fmt(p.upper80)}</td>
              <td className="py-2 pr-3 text-right tabular-nums">{fmt(p.lower95)} – {fmt(p.upper95)}</td>
              <td className="py-2 text-right">
                {canOverride ? (
                  <OverrideCell key={`${forecast.runId}|${p.period}`} point={p} runId={forecast.runId} seriesKey={seriesKey} />
                ) : (
                  <span className="tabular-nums" title={p.overrideReason ?? undefined}>{fmt(p.override)}</span>
                )}
                {p.overrideReason ? <span className="block text-xs text-muted-foreground">{p.overrideReason}</span> : null}
                {p.overrideRunId && p.overrideRunId !== forecast.runId ? <span className="block text-xs text-muted-foreground">carried from an earlier run</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
