import type { StockoutRisk } from '@sentia/contracts/inventory';
import { Badge } from '@/components/ui/badge.tsx';
import { cn } from '@/lib/cn.ts';

const abcStyle: Record<string, string> = { A: 'bg-indigo-100 text-indigo-900', B: 'bg-sky-100 text-sky-900', C: 'bg-slate-100 text-slate-700' };
const xyzStyle: Record<string, string> = { X: 'bg-emerald-100 text-emerald-900', Y: 'bg-amber-100 text-amber-900', Z: 'bg-rose-100 text-rose-900' };
const riskStyle: Record<StockoutRisk, string> = { high: 'bg-red-600 text-white', medium: 'bg-amber-100 text-amber-900', low: 'bg-emerald-50 text-emerald-800' };
const riskLabel: Record<StockoutRisk, string> = { high: 'High', medium: 'Medium', low: 'Low' };

/** ABC (value) and XYZ (variability) classes as two small badges, e.g. "A" "X". */
export function ClassBadges({ abc, xyz }: { abc: string; xyz: string }) {
  return (
    <span className="inline-flex gap-1" aria-label={`class ${abc}${xyz}`}>
      <Badge className={cn('border-transparent', abcStyle[abc])} title="ABC: share of consumption value">{abc}</Badge>
      <Badge className={cn('border-transparent', xyzStyle[xyz])} title="XYZ: demand variability">{xyz}</Badge>
    </span>
  );
}

export function RiskBadge({ risk }: { risk: StockoutRisk }) {
  return <Badge className={cn('border-transparent', riskStyle[risk])}>{riskLabel[risk]}</Badge>;
}
