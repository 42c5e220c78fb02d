import { forecastRunSchema, type ForecastRun, type StartForecastRun } from '@sentia/contracts/forecasting';
import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '@/lib/api-client.ts';

/** Starts a forecast run (a background job); answers at once with the queued run. */
export function startForecastRun(body: StartForecastRun): Promise<ForecastRun> {
  return apiRequest('/api/forecasts/runs', { method: 'POST', body, schema: forecastRunSchema });
}

export function useStartForecastRun() {
  return useMutation({ mutationFn: startForecastRun });
}
