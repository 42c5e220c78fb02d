import type { Granularity, SeriesDetail } from '@sentia/contracts/forecasting';
import { lazy, Suspense, useState } from 'react';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Badge } from '@/components/ui/badge.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { ToggleGroup, ToggleGroupItem } from '@/components/ui/toggle-group.tsx';
import { useSession } from '@/features/auth/api/get-session.ts';
import { formatDate } from '@/lib/format.ts';
import { useAccuracyHistory } from '../api/get-accuracy-history.ts';
import { useForecastSeriesList } from '../api/get-forecast-series-list.ts';
import { useSeriesForecast } from '../api/get-series-forecast.ts';
import { DemandCalendarCard } from './demand-calendar-card.tsx';
import { ForecastTable } from './forecast-table.tsx';
import { ModelComparisonTable } from './model-comparison-table.tsx';
import { RunForecastPanel } from './run-forecast-panel.tsx';
import { SeriesPicker } from './series-picker.tsx';

const ForecastChart = lazy(() => import('./forecast-charts.tsx').then((m) => ({ default: m.ForecastChart })));
const AccuracyChart = lazy(() => import('./forecast-charts.tsx').then((m) => ({ default: m.AccuracyChart })));
const DecompositionChart = lazy(() => import('./forecast-charts.tsx').then((m) => ({ default: m.DecompositionChart })));
const ProphetDecompositionChart = lazy(() => import('./forecast-charts.tsx').then((m) => ({ default: m.ProphetDecompositionChart })));

const chartFallback = <Skeleton className="h-full w-full" />;
const ACCURACY_NOTE = 'Forecast accuracy = 100 − WAPE (weighted absolute percentage error: total absolute error ÷ total actual units).';

/**
 * Forecasting & analytics: pick a demand series from the SKU × region × channel hierarchy, see its history,
 * the ensemble forecast with 80/95 % bands, how each model did in backtests and the ensemble weights,
 * accuracy over time and the decomposition. Overrides need forecast:write (MANAGER, ADMIN); runs forecast:execute.
 */
export function ForecastingPage() {
  const [granularity, setGranularity] = useState<Granularity>('month');
  const [seriesKey, setSeriesKey] = useState('*|*|*');
  const session = useSession();
  const permissions = new Set(session.data?.user.permissions ?? []);
  const list = useForecastSeriesList(granularity);
  const detail = useSeriesForecast(seriesKey, granularity);
  const accuracy = useAccuracyHistory(seriesKey, granularity);
  const forecast = detail.data?.forecast ?? null;
  const summary = list.data?.series.find((s) => s.key === seriesKey);

  return (
    <div className="grid min-w-0 gap-4 *:min-w-0">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Forecasting &amp; analytics</h1>
          <p className="text-sm text-muted-foreground">Demand in bottles per {granularity}, forecast by an ensemble of statistical and machine-learning models. {ACCURACY_NOTE}</p>
        </div>
        <ToggleGroup type="single" value={granularity} onValueChange={(v) => v && setGranularity(v as Granularity)} aria-label="Granularity">
          <ToggleGroupItem value="week">Weekly</ToggleGroupItem>
          <ToggleGroupItem value="month">Monthly</ToggleGroupItem>
        </ToggleGroup>
      </div>

      <Card>
        <CardContent className="grid gap-4 pt-6">
          <SeriesPicker list={list.data} value={seriesKey} onChange={setSeriesKey} />
          {summary ? <p className="text-sm text-muted-foreground">{summary.historyLength} complete {granularity}s of history{list.data?.lastActualDate ? `, actuals to ${formatDate(list.data.lastActualDate)}` : ''}.</p> : null}
          {permissions.has('forecast:execute') ? <RunForecastPanel key={granularity} seriesKey={seriesKey} granularity={granularity} /> : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>History and forecast</CardTitle>
          <CardDescription>
            {forecast ? (
              <span className="flex flex-wrap items-center gap-2">
                <Badge>{forecast.model}</Badge>
                <span>method {forecast.method} · run {formatDate(forecast.createdAt.slice(0, 10))} · {forecast.modelVersions.engine ?? ''}</span>
              </span>
            ) : (
              'No forecast yet for this series: run one above.'
            )}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {detail.error ? (
            <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
          ) : (
            <div className="h-80">{detail.data ? <Suspense fallback={chartFallback}><ForecastChart detail={detail.data} /></Suspense> : chartFallback}</div>
          )}
          {forecast?.fallback ? <p className="mt-2 text-sm text-muted-foreground">Fallback: {forecast.fallback.reason}</p> : null}
        </CardContent>
      </Card>

      {forecast ? (
        <Card>
          <CardHeader>
            <CardTitle>Forecast by period</CardTitle>
            <CardDescription>{permissions.has('forecast:write') ? 'Override a period with a reason; every change is audited and its accuracy tracked against the statistical forecast.' : 'Read only.'}</CardDescription>
          </CardHeader>
          <CardContent>
            <ForecastTable forecast={forecast} seriesKey={seriesKey} canOverride={permissions.has('forecast:write')} />
          </CardContent>
        </Card>
      ) : null}

      {forecast ? (
        <Card>
          <CardHeader>
            <CardTitle>Model comparison and ensemble weights</CardTitle>
            <CardDescription>Rolling-origin backtests (3 origins) of each member. The ensemble is a family median: for each period, the median of six voices (ETS, ARIMA, Prophet, random forest, LSTM, and the three Theta variants averaged as one). The weight column is each member’s share of that vote. {ACCURACY_NOTE}</CardDescription>
          </CardHeader>
          <CardContent>
            {forecast.comparison.length > 0 ? <ModelComparisonTable rows={forecast.comparison} /> : <EmptyState title="No backtest for this series">{forecast.fallback?.reason}</EmptyState>}
          </CardContent>
        </Card>
      ) : null}

      <DemandCalendarCard seriesKey={seriesKey} detail={detail.data} list={list.data} lastActualDate={list.data?.lastActualDate ?? null} canEdit={permissions.has('forecast:write')} />

      <Card>
        <CardHeader>
          <CardTitle>Accuracy over time</CardTitle>
          <CardDescription>
            The latest forecast made before each period, against what sold.
            {accuracy.data?.statisticalAccuracy != null ? ` Statistical forecast accuracy ${accuracy.data.statisticalAccuracy.toFixed(1)} %` : ''}
            {accuracy.data?.overrideAccuracy != null ? `; with overrides ${accuracy.data.overrideAccuracy.toFixed(1)} % (${accuracy.data.overridesBetter} of ${accuracy.data.overridesEvaluated} overrides beat the statistical value)` : ''}
            {accuracy.data?.statisticalAccuracy != null ? '.' : ''} {ACCURACY_NOTE}
          </CardDescription>
        </CardHeader>
        <CardContent>
          {accuracy.error ? (
            <ErrorState error={accuracy.error} onRetry={() => void accuracy.refetch()} />
          ) : accuracy.data && accuracy.data.points.length === 0 ? (
            <EmptyState title="No completed forecast periods yet">Accuracy appears as actuals arrive for periods that were forecast; a run with an earlier training cut-off shows it at once.</EmptyState>
          ) : (
            <div className="h-64">{accuracy.data ? <Suspense fallback={chartFallback}><AccuracyChart history={accuracy.data} granularity={granularity} /></Suspense> : chartFallback}</div>
          )}
        </CardContent>
      </Card>

      {forecast?.decomposition ? (
        <Card>
          <CardHeader>
            <CardTitle>Decomposition</CardTitle>
            <CardDescription>Level and seasonal components of {forecast.decomposition.model}.</CardDescription>
          </CardHeader>
          <CardContent>
            <div className="h-64">
              <Suspense fallback={chartFallback}>
                <DecompositionChart decomposition={forecast.decomposition} granularity={forecast.decomposition.periods.length > 0 ? detail.data!.granularity : granularity} />
              </Suspense>
            </div>
          </CardContent>
        </Card>
      ) : null}

      {forecast?.prophetDecomposition ? (
        <Card>
          <CardHeader>
            <CardTitle>Prophet-style decomposition</CardTitle>
            <CardDescription>{prophetCaption(forecast.prophetDecomposition)}</CardDescription>
          </CardHeader>
          <CardContent>
            <div className="h-64">
              <Suspense fallback={chartFallback}>
                <ProphetDecompositionChart decomposition={forecast.prophetDecomposition} granularity={detail.data!.granularity} />
              </Suspense>
            </div>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}

/** What the Prophet decomposition chart shows, in words: which parts the member's fit has. */
function prophetCaption(d: NonNullable<NonNullable<SeriesDetail['forecast']>['prophetDecomposition']>): string {
  const parts = ['trend', ...(Object.keys(d.seasonal).length > 0 ? ['seasonal'] : []), ...(Object.keys(d.regressors).length > 0 ? ['holiday and promotion'] : [])];
  const list = parts.length === 1 ? 'its trend alone' : `its ${parts.slice(0, -1).join(', ')} and ${parts.at(-1)} parts`;
  const events = Object.keys(d.regressors).length;
  return `The Prophet-style member (${d.model}) as ${list}, over its fitted history and the forecast.${events > 2 ? ` Its ${events} holiday and promotion effects (events that always fall in the same periods share one) are drawn as one line; the calendar above gives each event's effect.` : ''}`;
}

