import { purchaseOrderStatusSchema, type PurchaseOrderStatusDto } from '@sentia/contracts/purchasing';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table.tsx';
import { formatDate, formatMoney } from '@/lib/format.ts';
import { usePurchaseOrders } from '../api/get-purchase-orders.ts';
import { StatusBadge } from './status-badge.tsx';

/** Purchase orders with a status filter; each opens its detail and workflow. */
export function OrdersPanel() {
  const [status, setStatus] = useState<PurchaseOrderStatusDto | undefined>('proposed');
  const orders = usePurchaseOrders(status);
  return (
    <div className="flex flex-col gap-3">
      <label className="flex w-fit flex-col gap-1 text-xs font-medium text-muted-foreground">
        Status
        <select className="h-9 rounded-md border border-input bg-card px-2 text-sm" value={status ?? ''} onChange={(e) => setStatus((e.target.value || undefined) as PurchaseOrderStatusDto | undefined)}>
          <option value="">All</option>
          {purchaseOrderStatusSchema.options.map((s) => (
            <option key={s} value={s}>
              {s.replace('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      {orders.isError ? (
        <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />
      ) : orders.isPending ? (
        <Skeleton className="h-64 w-full" />
      ) : orders.data.orders.length === 0 ? (
        <EmptyState title="No purchase orders with this status" />
      ) : (
        <div className="overflow-x-auto">
          <Table aria-label="Purchase orders">
            <TableHeader>
              <TableRow>
                <TableHead>Order</TableHead>
                <TableHead>Supplier</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Ordered</TableHead>
                <TableHead>Expected</TableHead>
                <TableHead className="text-right">Total</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {orders.data.orders.map((o) => (
                <TableRow key={o.id}>
                  <TableCell>
                    <Link className="font-medium text-primary hover:underline" to={`/purchasing/orders/${o.id}`}>
                      {o.poNumber}
                    </Link>
                  </TableCell>
                  <TableCell className="max-w-48 truncate">{o.supplierName}</TableCell>
                  <TableCell>
                    <StatusBadge status={o.status} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap">{formatDate(o.orderedAt.slice(0, 10))}</TableCell>
                  <TableCell className="whitespace-nowrap">{formatDate(o.expectedDate)}</TableCell>
                  <TableCell className="text-right tabular-nums whitespace-nowrap">{formatMoney(o.total, o.currency)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
