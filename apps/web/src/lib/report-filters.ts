import { channelCodes, currencyCodes, regionCodes, type Channel, type Currency, type Region } from '@sentia/contracts/common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { isIsoDate, rangePresets, type RangePreset } from './date-range.ts';

export const granularities = ['day', 'week', 'month'] as const;
export type Granularity = (typeof granularities)[number];

/**
 * The report state that lives in the URL search params, so a drilled-down view can be shared
 * and the back button undoes a drill-down. Unknown or malformed values are ignored.
 */
export interface ReportFilters {
  range: RangePreset;
  /** Only meaningful with range `custom`. */
  from: string | undefined;
  to: string | undefined;
  currency: Currency | undefined;
  region: Region | undefined;
  channel: Channel | undefined;
  sku: string | undefined;
  granularity: Granularity;
}

export type ReportFilterKey = keyof ReportFilters;

export const defaultRange: RangePreset = '30d';

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Reads report filters from URL search params (pure; exported for tests). */
export function parseReportFilters(params: URLSearchParams): ReportFilters {
  const from = params.get('from');
  const to = params.get('to');
  const customValid = from !== null && to !== null && isIsoDate(from) && isIsoDate(to) && from <= to;
  let range = oneOf(rangePresets, params.get('range')) ?? defaultRange;
  if (range === 'custom' && !customValid) range = defaultRange;
  const sku = params.get('sku');
  return {
    range,
    from: range === 'custom' && customValid ? from : undefined,
    to: range === 'custom' && customValid ? to : undefined,
    currency: oneOf(currencyCodes, params.get('currency')),
    region: oneOf(regionCodes, params.get('region')),
    channel: oneOf(channelCodes, params.get('channel')),
    sku: sku && sku.length <= 64 ? sku : undefined,
    granularity: oneOf(granularities, params.get('granularity')) ?? 'day',
  };
}

/** Writes a patch of filters onto URL search params, dropping defaults to keep URLs short. */
export function applyReportFilters(params: URLSearchParams, patch: Partial<ReportFilters>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === null || value === '') next.delete(key);
    else next.set(key, String(value));
  }
  if (next.get('range') === defaultRange) next.delete('range');
  if (next.get('granularity') === 'day') next.delete('granularity');
  if (next.get('range') !== 'custom') {
    next.delete('from');
    next.delete('to');
  }
  return next;
}

/** Report filters from the URL plus setters; `push` adds a history entry (drill-downs) instead of replacing. */
export function useReportFilters() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => parseReportFilters(searchParams), [searchParams]);
  const setFilters = useCallback(
    (patch: Partial<ReportFilters>, options: { push?: boolean } = {}) => {
      setSearchParams((current) => applyReportFilters(current, patch), { replace: !options.push });
    },
    [setSearchParams],
  );
  return { filters, setFilters };
}
