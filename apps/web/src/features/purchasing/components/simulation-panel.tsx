import { useState } from 'react';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table.tsx';
import { formatDate, formatMoney } from '@/lib/format.ts';
import { usePolicySimulation } from '../api/get-policy-simulation.ts';

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** The recommended policy against the 8-weeks-of-cover baseline on held-out demand. */
export function SimulationPanel() {
  const [run, setRun] = useState(false);
  const sim = usePolicySimulation(182, run);
  if (!run)
    return (
      <div className="flex flex-col items-start gap-2">
        <p className="text-sm text-muted-foreground">Replays the last 26 weeks of demand of every finished SKU × warehouse, day by day, against the recommended policy and a baseline of 8 weeks of cover reviewed monthly.</p>
        <Button onClick={() => setRun(true)}>Run simulation</Button>
      </div>
    );
  if (sim.isError) return <ErrorState error={sim.error} onRetry={() => void sim.refetch()} />;
  if (sim.isPending) return <Skeleton className="h-48 w-full" />;
  const s = sim.data;
  const rows = [
    ['Fill rate', pct(s.recommended.fillRate), pct(s.baseline.fillRate)],
    ['On-time (days served in full)', pct(s.recommended.onTimeShare), pct(s.baseline.onTimeShare)],
    ['Stock-out item-days', String(s.recommended.stockoutDays), String(s.baseline.stockoutDays)],
    ['Average inventory value', formatMoney(s.recommended.averageInventoryValueGbp, 'GBP'), formatMoney(s.baseline.averageInventoryValueGbp, 'GBP')],
    ['Carrying cost', formatMoney(s.recommended.carryingCostGbp, 'GBP'), formatMoney(s.baseline.carryingCostGbp, 'GBP')],
    ['Replenishments', String(s.recommended.ordersPlaced), String(s.baseline.ordersPlaced)],
  ];
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm">
        {formatDate(s.from)} – {formatDate(s.to)}, {s.items} items. Carrying cost change:{' '}
        <strong className="tabular-nums">{s.carryingCostChangePct === null ? '—' : `${s.carryingCostChangePct > 0 ? '+' : ''}${s.carryingCostChangePct.toFixed(1)} %`}</strong> (target −20 %); on-time{' '}
        <strong className="tabular-nums">{pct(s.recommended.onTimeShare)}</strong> (target &gt; 90 %).
      </p>
      <div className="overflow-x-auto">
        <Table aria-label="Policy simulation">
          <TableHeader>
            <TableRow>
              <TableHead>Measure</TableHead>
              <TableHead className="text-right">Recommended</TableHead>
              <TableHead className="text-right">Baseline</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map(([label, r, b]) => (
              <TableRow key={label}>
                <TableCell>{label}</TableCell>
                <TableCell className="text-right tabular-nums">{r}</TableCell>
                <TableCell className="text-right tabular-nums">{b}</TableCell>
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
