import type { Channel, Currency, Region } from '@sentia/contracts/common';
import { useMemo } from 'react';
import { rangeAnchor, resolvePreset, toIsoDate, type DateRange } from '@/lib/date-range.ts';
import type { Meta } from '@sentia/contracts/meta';
import { useReportFilters, type Granularity, type ReportFilters } from '@/lib/report-filters.ts';
import { useMeta } from './get-meta.ts';

/** The query every KPI endpoint takes, resolved from the URL filters and the data span. */
export interface KpiParams {
  from: string;
  to: string;
  currency: Currency;
  region: Region | undefined;
  channel: Channel | undefined;
  sku: string | undefined;
  granularity: Granularity;
}

/**
 * Resolves report filters into concrete KPI query parameters (pure, so a route loader can compute
 * the same query as the page and start it early). Presets end on the last day with data or today.
 */
export function resolveKpiParams(filters: ReportFilters, meta: Meta, todayIso: string): KpiParams {
  const anchor = rangeAnchor(todayIso, meta.dataRange?.to);
  const range =
    filters.range === 'custom' && filters.from && filters.to ? { from: filters.from, to: filters.to } : resolvePreset(filters.range === 'custom' ? '30d' : filters.range, anchor);
  return {
    ...range,
    currency: filters.currency ?? meta.company.baseCurrency,
    region: filters.region,
    channel: filters.channel,
    sku: filters.sku,
    granularity: filters.granularity,
  };
}

/**
 * Resolves the URL filters into concrete KPI query parameters. Presets end on the last day with
 * data (or today), and the currency defaults to the company's base currency.
 * `params` is undefined until the reference data has loaded.
 */
export function useKpiParams(): { params: KpiParams | undefined; range: DateRange | undefined; metaError: unknown; retryMeta: () => void } {
  const { filters } = useReportFilters();
  const meta = useMeta();
  const today = toIsoDate(new Date());
  const params = useMemo((): KpiParams | undefined => (meta.data ? resolveKpiParams(filters, meta.data, today) : undefined), [meta.data, filters, today]);
  return {
    params,
    range: params ? { from: params.from, to: params.to } : undefined,
    metaError: meta.error,
    retryMeta: () => void meta.refetch(),
  };
}
