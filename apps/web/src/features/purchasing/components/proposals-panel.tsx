import type { SupplierProposal } from '@sentia/contracts/purchasing';
import { useNavigate } from 'react-router';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table.tsx';
import { formatCount, formatDate, formatMoney } from '@/lib/format.ts';
import { useCreatePurchaseOrder } from '../api/create-purchase-order.ts';
import { useProposals } from '../api/get-proposals.ts';

const signed = (v: string, digits = 1) => `${Number(v) > 0 ? '+' : ''}${Number(v).toFixed(digits)}`;

function Effect({ p }: { p: SupplierProposal }) {
  const e = p.effect;
  const runway = (v: number | null) => (v === null ? 'beyond the horizon' : `${v} days`);
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4" aria-label={`Effect of the ${p.supplierName} proposal`}>
      <div>
        <dt className="text-xs text-muted-foreground">Cash runway</dt>
        <dd className="tabular-nums">{runway(e.runwayDaysBefore) === runway(e.runwayDaysAfter) ? `unchanged (${runway(e.runwayDaysAfter)})` : `${runway(e.runwayDaysBefore)} → ${runway(e.runwayDaysAfter)}`}</dd>
      </div>
      <div>
        <dt className="text-xs text-muted-foreground">Lowest cash balance</dt>
        <dd className="tabular-nums">
          {formatMoney(e.lowestBalanceBefore, 'GBP', { compact: true })} → {formatMoney(e.lowestBalanceAfter, 'GBP', { compact: true })}
        </dd>
      </div>
      <div>
        <dt className="text-xs text-muted-foreground">CCC (next 90 days)</dt>
        <dd className="tabular-nums">{signed(e.cccChangeDays, 2)} days</dd>
      </div>
      <div>
        <dt className="text-xs text-muted-foreground">DIO / DPO</dt>
        <dd className="tabular-nums">
          {signed(e.dioChangeDays, 2)} / {signed(e.dpoChangeDays, 2)}
        </dd>
      </div>
    </dl>
  );
}

function ProposalCard({ p, canCreate }: { p: SupplierProposal; canCreate: boolean }) {
  const create = useCreatePurchaseOrder();
  const navigate = useNavigate();
  const onCreate = () =>
    create.mutate(
      { supplierId: p.supplierId, deliveryWarehouseCode: p.lines[0]?.warehouseCode ?? 'UK-MAIN', lines: p.lines.map((l) => ({ materialCode: l.materialCode, quantity: l.quantity, unitPrice: l.unitPrice })) },
      { onSuccess: (po) => void navigate(`/purchasing/orders/${po.id}`) },
    );
  return (
    <Card aria-label={`Proposal for ${p.supplierName}`}>
      <CardHeader>
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div>
            <CardTitle>{p.supplierName}</CardTitle>
            <CardDescription>
              {p.supplierCode} · receipt {formatDate(p.expectedReceiptDate)} · pay by {formatDate(p.paymentDueDate)} ({p.paymentTermsDays}-day terms)
            </CardDescription>
          </div>
          <div className="text-right">
            <div className="text-xl font-semibold tabular-nums">{formatMoney(p.total, p.currency)}</div>
            {p.currency !== 'GBP' && <div className="text-xs text-muted-foreground">{formatMoney(p.totalGbp, 'GBP')}</div>}
            {p.requiresAdminApproval && <Badge className="mt-1 border-transparent bg-amber-100 text-amber-900">Admin approval (above limit)</Badge>}
          </div>
        </div>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <div className="overflow-x-auto">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Material</TableHead>
                <TableHead className="text-right">Net need</TableHead>
                <TableHead className="text-right">Order</TableHead>
                <TableHead className="text-right">MOQ / multiple</TableHead>
                <TableHead className="text-right">Value</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {p.lines.map((l) => (
                <TableRow key={l.materialCode}>
                  <TableCell>
                    <div className="font-medium">{l.materialCode}</div>
                    <div className="text-xs text-muted-foreground">{l.materialName}</div>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{formatCount(Math.ceil(l.netRequirement))}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {formatCount(l.quantity)} {l.unit}
                    {l.isCapped && <span className="ml-1 text-xs text-amber-700">(capped)</span>}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">
                    {formatCount(l.moq)} / {formatCount(l.orderMultiple)}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{formatMoney(l.lineValue, p.currency)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <Effect p={p} />
        {create.isError && <p className="text-sm text-destructive">{create.error.message}</p>}
        {canCreate && (
          <div>
            <Button onClick={onCreate} disabled={create.isPending}>
              Create purchase order
            </Button>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

/** Proposals grouped by supplier, each with its effect on cash and the CCC, ready to turn into an order. */
export function ProposalsPanel({ canCreate }: { canCreate: boolean }) {
  const proposals = useProposals();
  if (proposals.isError) return <ErrorState error={proposals.error} onRetry={() => void proposals.refetch()} />;
  if (proposals.isPending) return <Skeleton className="h-64 w-full" />;
  const d = proposals.data;
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-muted-foreground">
        As of {formatDate(d.asOf)}. Orders above {formatMoney(d.approvalLimitGbp, 'GBP')} need an administrator with a second factor.
      </p>
      {d.orders.length === 0 ? <EmptyState title="Nothing to order today">Every material covers its lead time, review period and safety stock.</EmptyState> : d.orders.map((p) => <ProposalCard key={p.supplierId} p={p} canCreate={canCreate} />)}
      <details className="text-sm text-muted-foreground">
        <summary className="cursor-pointer">How proposals are worked out</summary>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          {d.assumptions.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
