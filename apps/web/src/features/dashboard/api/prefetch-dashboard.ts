import type { QueryClient } from '@tanstack/react-query';
import { toIsoDate } from '@/lib/date-range.ts';
import { parseReportFilters } from '@/lib/report-filters.ts';
import { kpiSummaryQueryOptions } from './get-kpi-summary.ts';
import { metaQueryOptions } from './get-meta.ts';
import { resolveKpiParams } from './kpi-params.ts';

/**
 * Starts the KPI summary request for a dashboard URL as soon as the reference data is known,
 * without waiting for the page to render. Failures are left to the page's own queries to show.
 */
export async function prefetchDashboard(queryClient: QueryClient, url: URL): Promise<void> {
  try {
    const meta = await queryClient.ensureQueryData(metaQueryOptions);
    const params = resolveKpiParams(parseReportFilters(url.searchParams), meta, toIsoDate(new Date()));
    await queryClient.prefetchQuery(kpiSummaryQueryOptions(params));
  } catch {
    // Signed out or offline: the page renders the error state with a retry.
  }
}
