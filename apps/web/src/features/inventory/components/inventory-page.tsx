import type { ItemKind, PolicyListQuery, StockoutRisk } from '@sentia/contracts/inventory';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table.tsx';
import { formatCount, formatDate, formatMoney } from '@/lib/format.ts';
import { useInventoryPolicies } from '../api/get-inventory-policies.ts';
import { ClassBadges, RiskBadge } from './policy-badges.tsx';

const selectClass = 'h-9 rounded-md border border-input bg-card px-2 text-sm';
const warehouses = ['UK-MAIN', 'FBA-UK', 'FBA-EU', 'US-3PL', 'FBA-US'];

function FilterSelect({ label, value, options, onChange }: { label: string; value: string | undefined; options: readonly string[]; onChange: (v: string | undefined) => void }) {
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-muted-foreground">
      {label}
      <select className={selectClass} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

const qty = (v: number) => formatCount(Math.round(v));

/** Inventory policy per SKU × warehouse (and material × warehouse): classes, EOQ, safety stock, reorder point, cover and stock-out risk. */
export function InventoryPage() {
  const [filters, setFilters] = useState<PolicyListQuery>({ kind: 'product' });
  const policies = useInventoryPolicies(filters);
  const set = (patch: Partial<PolicyListQuery>) => setFilters((f) => ({ ...f, ...patch }));
  const rows = policies.data?.rows ?? [];
  const high = rows.filter((r) => r.stockoutRisk === 'high').length;
  const value = rows.reduce((s, r) => s + Number(r.stockValueGbp), 0);

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Inventory policy</h1>
        <p className="text-sm text-muted-foreground">Safety stock, reorder point and order quantity per item and warehouse, from demand, lead time and the target service level.</p>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Card>
          <CardHeader className="pb-1">
            <CardDescription>Items</CardDescription>
            <CardTitle className="text-2xl tabular-nums">{policies.isPending ? '…' : rows.length}</CardTitle>
          </CardHeader>
        </Card>
        <Card>
          <CardHeader className="pb-1">
            <CardDescription>High stock-out risk</CardDescription>
            <CardTitle className="text-2xl tabular-nums text-red-700">{policies.isPending ? '…' : high}</CardTitle>
          </CardHeader>
        </Card>
        <Card>
          <CardHeader className="pb-1">
            <CardDescription>Stock value (standard cost)</CardDescription>
            <CardTitle className="text-2xl tabular-nums">{policies.isPending ? '…' : formatMoney(value.toFixed(2), 'GBP', { compact: true })}</CardTitle>
          </CardHeader>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <div className="flex flex-wrap items-end gap-3" role="group" aria-label="Filters">
            <FilterSelect label="Items" value={filters.kind} options={['product', 'material']} onChange={(v) => set({ kind: v as ItemKind | undefined })} />
            <FilterSelect label="Warehouse" value={filters.warehouse} options={warehouses} onChange={(v) => set({ warehouse: v })} />
            <FilterSelect label="ABC" value={filters.abc} options={['A', 'B', 'C']} onChange={(v) => set({ abc: v as PolicyListQuery['abc'] })} />
            <FilterSelect label="XYZ" value={filters.xyz} options={['X', 'Y', 'Z']} onChange={(v) => set({ xyz: v as PolicyListQuery['xyz'] })} />
            <FilterSelect label="Stock-out risk" value={filters.risk} options={['high', 'medium', 'low']} onChange={(v) => set({ risk: v as StockoutRisk | undefined })} />
          </div>
        </CardHeader>
        <CardContent>
          {policies.isError ? (
            <ErrorState error={policies.error} onRetry={() => void policies.refetch()} />
          ) : policies.isPending ? (
            <Skeleton className="h-64 w-full" />
          ) : rows.length === 0 ? (
            <EmptyState title="No items match these filters" />
          ) : (
            <div className="overflow-x-auto">
              <Table aria-label="Inventory policy">
                <TableHeader>
                  <TableRow>
                    <TableHead>Item</TableHead>
                    <TableHead>Warehouse</TableHead>
                    <TableHead>Class</TableHead>
                    <TableHead className="text-right">On hand</TableHead>
                    <TableHead className="text-right">On order</TableHead>
                    <TableHead className="text-right">Demand / day</TableHead>
                    <TableHead className="text-right">Safety stock</TableHead>
                    <TableHead className="text-right">Reorder point</TableHead>
                    <TableHead className="text-right">EOQ</TableHead>
                    <TableHead className="text-right">Min / max</TableHead>
                    <TableHead className="text-right">Cover (days)</TableHead>
                    <TableHead>Stock-out</TableHead>
                    <TableHead>Risk</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.map((r) => (
                    <TableRow key={`${r.kind}|${r.code}|${r.warehouseCode}`}>
                      <TableCell>
                        <Link className="font-medium text-primary hover:underline" to={`/inventory/${r.kind}/${encodeURIComponent(r.code)}/${encodeURIComponent(r.warehouseCode)}`}>
                          {r.code}
                        </Link>
                        <div className="max-w-56 truncate text-xs text-muted-foreground">{r.name}</div>
                      </TableCell>
                      <TableCell>{r.warehouseCode}</TableCell>
                      <TableCell>
                        <ClassBadges abc={r.abcClass} xyz={r.xyzClass} />
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{qty(r.onHand)}</TableCell>
                      <TableCell className="text-right tabular-nums">{qty(r.onOrder)}</TableCell>
                      <TableCell className="text-right tabular-nums">{r.averageDailyDemand.toFixed(1)}</TableCell>
                      <TableCell className="text-right tabular-nums">{qty(r.safetyStock)}</TableCell>
                      <TableCell className="text-right tabular-nums">{qty(r.reorderPoint)}</TableCell>
                      <TableCell className="text-right tabular-nums">{qty(r.economicOrderQuantity)}</TableCell>
                      <TableCell className="text-right tabular-nums whitespace-nowrap">
                        {qty(r.min)} / {qty(r.max)}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{r.daysOfCover === null ? '—' : r.daysOfCover.toFixed(0)}</TableCell>
                      <TableCell className="whitespace-nowrap">{r.stockoutDate ? formatDate(r.stockoutDate) : '—'}</TableCell>
                      <TableCell>
                        <RiskBadge risk={r.stockoutRisk} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </CardContent>
      </Card>
      {policies.data && (
        <details className="text-sm text-muted-foreground">
          <summary className="cursor-pointer">How these are worked out</summary>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {policies.data.assumptions.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
