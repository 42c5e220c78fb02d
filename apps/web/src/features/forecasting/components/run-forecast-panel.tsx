import { maxHorizon, type Granularity } from '@sentia/contracts/forecasting';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { useForecastRun } from '../api/get-forecast-run.ts';
import { useStartForecastRun } from '../api/start-forecast-run.ts';

/** "Run forecast" for the selected series or all series, with the run's live progress. */
export function RunForecastPanel({ seriesKey, granularity }: { seriesKey: string; granularity: Granularity }) {
  const [horizon, setHorizon] = useState(granularity === 'month' ? 6 : 26);
  const [runId, setRunId] = useState<string>();
  const [asOf, setAsOf] = useState('');
  const start = useStartForecastRun();
  const run = useForecastRun(runId);
  const queryClient = useQueryClient();
  useEffect(() => {
    if (run.data?.status === 'SUCCEEDED') void queryClient.invalidateQueries({ queryKey: ['forecasts'], predicate: (q) => q.queryKey[1] !== 'run' });
  }, [run.data?.status, queryClient]);

  const launch = (series: 'all' | string[]) =>
    start.mutate({ granularity, horizon, series, includeAggregates: series === 'all', ...(asOf ? { asOf } : {}) }, { onSuccess: (r) => setRunId(r.id) });
  const busy = start.isPending || (runId !== undefined && !run.isFinished);
  const fieldErrors = isApiError(start.error) ? start.error.fieldErrors : {};
  const progress = run.data?.progress ?? 0;

  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1">
          <Label htmlFor="forecast-horizon">Horizon ({granularity === 'month' ? 'months' : 'weeks'}, max {maxHorizon(granularity)})</Label>
          <Input id="forecast-horizon" type="number" className="w-32" min={1} max={maxHorizon(granularity)} value={horizon} onChange={(e) => setHorizon(Number(e.target.value))} aria-invalid={fieldErrors.horizon ? true : undefined} />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="forecast-as-of">Training cut-off (optional)</Label>
          <Input id="forecast-as-of" type="date" className="w-44" value={asOf} onChange={(e) => setAsOf(e.target.value)} aria-invalid={fieldErrors.asOf ? true : undefined} />
        </div>
        <Button onClick={() => launch([seriesKey])} disabled={busy}>
          Run forecast
        </Button>
        <Button variant="outline" onClick={() => launch('all')} disabled={busy}>
          Run all series
        </Button>
      </div>
      {start.error ? <p className="text-sm text-destructive">{Object.entries(fieldErrors).map(([f, m]) => `${f}: ${m}`).join('; ') || start.error.message}</p> : null}
      {run.data ? (
        <div className="grid gap-1" aria-live="polite">
          <div className="flex items-center gap-2 text-sm">
            <Badge variant={run.data.status === 'FAILED' ? 'outline' : 'secondary'}>{run.data.status.toLowerCase()}</Badge>
            <span>
              {run.data.seriesCount} series · {run.data.horizon} {run.data.granularity}s ahead
              {run.data.status === 'RUNNING' || run.data.status === 'QUEUED' ? ` · ${progress} %` : ''}
            </span>
          </div>
          {!run.isFinished ? (
            <div className="h-2 w-full max-w-md overflow-hidden rounded bg-muted" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress} aria-label="Forecast progress">
              <div className="h-full bg-primary transition-[width]" style={{ width: `${progress}%` }} />
            </div>
          ) : null}
          {run.data.warnings.map((w) => (
            <p key={w} className="text-sm text-muted-foreground">{w}</p>
          ))}
          {run.data.error ? <p className="text-sm text-destructive">{run.data.error}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
