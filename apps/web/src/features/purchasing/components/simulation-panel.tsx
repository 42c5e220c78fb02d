import { useState } from 'react';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table.tsx';
import { formatDate, formatMoney } from '@/lib/format.ts';
import { usePolicySimulation } from '../api/get-policy-simulation.ts';

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** The recommended policy against the 8-weeks-of-cover baseline (demand rate re-read monthly) on held-out demand. */
export function SimulationPanel() {
  const [run, setRun] = useState(false);
  const sim = usePolicySimulation(182, run);
  if (!run)
    return (
      <div className="flex flex-col items-start gap-2">
        <p className="text-sm text-muted-foreground">Replays the last 26 weeks of demand of every finished SKU × warehouse, day by day, against the recommended policy and a baseline of 8 weeks of cover of the current demand rate, reviewed monthly.</p>
        <Button onClick={() => setRun(true)}>Run simulation</Button>
      </div>
    );
  if (sim.isError) return <ErrorState error={sim.error} onRetry={() => void sim.refetch()} />;
  if (sim.isPending) return <Skeleton className="h-48 w-full" />;
  const s = sim.data;
  const variantLabel: Record<string, string> = { recommended_static: 'Recommended, set once', baseline_frozen: 'Baseline, rate frozen (sensitivity)' };
  const signed = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(1)} %`);
  const columns = [
    { key: 'recommended', label: 'Recommended (re-estimated weekly)', f: s.recommended },
    { key: 'baseline', label: 'Baseline (8 weeks of cover, monthly)', f: s.baseline },
    ...s.variants.map((v) => ({ key: v.name, label: variantLabel[v.name] ?? v.name, f: v.figures })),
  ];
  const rows: [string, (f: typeof s.baseline) => string][] = [
    ['Fill rate', (f) => pct(f.fillRate)],
    ['On-time (days served in full)', (f) => pct(f.onTimeShare)],
    ['Stock-out item-days', (f) => String(f.stockoutDays)],
    ['Average inventory value', (f) => formatMoney(f.averageInventoryValueGbp, 'GBP')],
    ['Carrying cost', (f) => formatMoney(f.carryingCostGbp, 'GBP')],
    ['Replenishments', (f) => String(f.ordersPlaced)],
  ];
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm">
        {formatDate(s.from)} – {formatDate(s.to)}, {s.items} items. Carrying cost change against the baseline:{' '}
        <strong className="tabular-nums">{signed(s.carryingCostChangePct)}</strong> (target −20 %; {signed(s.carryingCostChangeVsFrozenBaselinePct)} against the baseline with its demand rate frozen); on-time{' '}
        <strong className="tabular-nums">{pct(s.recommended.onTimeShare)}</strong> (target &gt; 90 %).
      </p>
      <div className="overflow-x-auto">
        <Table aria-label="Policy simulation">
          <TableHeader>
            <TableRow>
              <TableHead>Measure</TableHead>
              {columns.map((c) => (
                <TableHead key={c.key} className="text-right">
                  {c.label}
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map(([label, cell]) => (
              <TableRow key={label}>
                <TableCell>{label}</TableCell>
                {columns.map((c) => (
                  <TableCell key={c.key} className="text-right tabular-nums">
                    {cell(c.f)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ul className="list-disc space-y-1 pl-5 text-xs text-muted-foreground">
        {s.method.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}
