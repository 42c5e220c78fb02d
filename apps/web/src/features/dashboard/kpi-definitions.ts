import type { Currency } from '@sentia/contracts/common';
import type { KpiSummary, KpiTrend } from '@sentia/contracts/kpi';
import { formatCount, formatDays, formatMoney, formatPercent, formatRatio } from '@/lib/format.ts';

export type KpiKey = keyof KpiSummary['kpis'];
type TrendPoint = KpiTrend['points'][number];

/** How one KPI card reads: its label, how its value is written, and which way is good. */
export interface KpiDefinition {
  key: KpiKey;
  label: string;
  description: string;
  /** Whether a rise is good news (colours the change arrow; the arrow direction never changes). */
  higherIsBetter: boolean;
  format: (value: string, currency: Currency) => string;
  /** Trend series drawn as the card's sparkline, when the trend endpoint has one. */
  sparkline?: (point: TrendPoint) => number | null;
  /** Supporting KPIs shown inside the card, e.g. DSO/DIO/DPO for the cash conversion cycle. */
  parts?: { key: KpiKey; label: string }[];
}

/** The Executive Overview cards, in display order. */
export const kpiDefinitions: KpiDefinition[] = [
  {
    key: 'revenue',
    label: 'Revenue',
    description: 'Net sales across all channels, converted to the reporting currency',
    higherIsBetter: true,
    format: (value, currency) => formatMoney(value, currency),
    sparkline: (p) => Number(p.revenue),
  },
  {
    key: 'units',
    label: 'Units sold',
    description: 'Units shipped to customers',
    higherIsBetter: true,
    format: (value) => formatCount(value),
    sparkline: (p) => p.units,
  },
  {
    key: 'grossMarginPct',
    label: 'Gross margin',
    description: 'Revenue less cost of goods sold, as a share of revenue',
    higherIsBetter: true,
    format: (value) => formatPercent(value),
    sparkline: (p) => p.grossMarginPct,
  },
  {
    key: 'oeePct',
    label: 'OEE',
    description: 'Overall equipment effectiveness: availability × performance × quality',
    higherIsBetter: true,
    format: (value) => formatPercent(value),
    sparkline: (p) => p.oeePct,
  },
  {
    key: 'firstPassYieldPct',
    label: 'First-pass yield',
    description: 'Share of units passing quality checks first time',
    higherIsBetter: true,
    format: (value) => formatPercent(value),
  },
  {
    key: 'inventoryTurnover',
    label: 'Inventory turnover',
    description: 'Cost of goods sold over average inventory, annualised',
    higherIsBetter: true,
    format: (value) => formatRatio(value),
  },
  {
    key: 'cashConversionCycleDays',
    label: 'Cash conversion cycle',
    description: 'Days from paying suppliers to collecting from customers: DSO + DIO − DPO',
    higherIsBetter: false,
    format: (value) => formatDays(value),
    parts: [
      { key: 'dsoDays', label: 'DSO' },
      { key: 'dioDays', label: 'DIO' },
      { key: 'dpoDays', label: 'DPO' },
    ],
  },
];
