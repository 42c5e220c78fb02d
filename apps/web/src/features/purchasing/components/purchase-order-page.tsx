import type { PurchaseOrderDto, PurchaseOrderTransition } from '@sentia/contracts/purchasing';
import type { Role } from '@sentia/contracts/common';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table.tsx';
import { useSession } from '@/features/auth/api/get-session.ts';
import { isApiError } from '@/lib/api-client.ts';
import { formatCount, formatDate, formatMoney } from '@/lib/format.ts';
import { usePurchaseOrder } from '../api/get-purchase-order.ts';
import { useTransitionPurchaseOrder } from '../api/transition-purchase-order.ts';
import { StatusBadge } from './status-badge.tsx';

const managers: readonly Role[] = ['ADMIN', 'MANAGER'];

/** The workflow steps this role may take on an order in its current state (the server decides again). */
function allowedActions(po: PurchaseOrderDto, role: Role | undefined, canTransition: boolean): PurchaseOrderTransition['action'][] {
  if (!role || !canTransition) return [];
  const isManager = managers.includes(role);
  switch (po.status) {
    case 'proposed':
      return [...(isManager && (!po.requiresAdminApproval || role === 'ADMIN') ? (['approve'] as const) : []), ...(isManager ? (['reject'] as const) : [])];
    case 'approved':
      return isManager ? ['send', 'reject'] : [];
    case 'sent':
      return role === 'VIEWER' ? [] : ['receive'];
    case 'partially_received':
      return [...(role === 'VIEWER' ? [] : (['receive'] as const)), ...(isManager ? (['close'] as const) : [])];
    case 'received':
      return isManager ? ['close'] : [];
    default:
      return [];
  }
}

const actionLabel: Record<PurchaseOrderTransition['action'], string> = { approve: 'Approve', reject: 'Reject', send: 'Mark as sent', receive: 'Receive remaining', close: 'Close' };

function Workflow({ po, role, canTransition }: { po: PurchaseOrderDto; role: Role | undefined; canTransition: boolean }) {
  const step = useTransitionPurchaseOrder(po.id);
  const [reason, setReason] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const actions = allowedActions(po, role, canTransition);
  const fieldErrors = isApiError(step.error) ? step.error.fieldErrors : {};
  const run = (action: PurchaseOrderTransition['action']) => {
    const version = po.version;
    if (action === 'reject') return step.mutate({ action, version, reason });
    if (action === 'close') return step.mutate({ action, version, ...(reason ? { reason } : {}) });
    if (action === 'receive') {
      const lines = po.lines.filter((l) => l.quantity > l.quantityReceived).map((l) => ({ lineId: l.id, quantity: l.quantity - l.quantityReceived }));
      return step.mutate({ action, version, lines });
    }
    return step.mutate({ action, version });
  };
  if (actions.length === 0) {
    return <p className="text-sm text-muted-foreground">{po.status === 'proposed' && po.requiresAdminApproval && role === 'MANAGER' ? 'This order is above the approval limit: an administrator approves it.' : 'No workflow step is open to you on this order.'}</p>;
  }
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-2">
        {actions
          .filter((a) => a !== 'reject')
          .map((a) => (
            <Button key={a} onClick={() => run(a)} disabled={step.isPending} variant={a === 'approve' ? 'default' : 'outline'}>
              {actionLabel[a]}
            </Button>
          ))}
        {actions.includes('reject') && !rejecting && (
          <Button variant="destructive" onClick={() => setRejecting(true)} disabled={step.isPending}>
            Reject…
          </Button>
        )}
      </div>
      {(rejecting || (actions.includes('close') && po.status === 'partially_received')) && (
        <div className="flex max-w-lg flex-col gap-1">
          <Label htmlFor="reason">{rejecting ? 'Reason for rejecting' : 'Reason for closing short'}</Label>
          <Input id="reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} aria-invalid={fieldErrors.reason ? true : undefined} />
          {fieldErrors.reason && <span className="text-xs text-destructive">{fieldErrors.reason}</span>}
          {rejecting && (
            <div className="mt-1 flex gap-2">
              <Button variant="destructive" onClick={() => run('reject')} disabled={step.isPending || reason.trim().length === 0}>
                Confirm rejection
              </Button>
              <Button variant="ghost" onClick={() => setRejecting(false)}>
                Cancel
              </Button>
            </div>
          )}
        </div>
      )}
      {step.isError && (
        <p role="alert" className="text-sm text-destructive">
          {isApiError(step.error, 409) ? `${step.error.message} The order below shows its current state.` : step.error.message}
        </p>
      )}
    </div>
  );
}

/** One purchase order: lines, workflow buttons for the signed-in role, downloads and the audited history. */
export function PurchaseOrderPage() {
  const { id = '' } = useParams();
  const order = usePurchaseOrder(id);
  const session = useSession();
  if (order.isError) return <ErrorState error={order.error} onRetry={() => void order.refetch()} />;
  if (order.isPending) return <Skeleton className="h-96 w-full" />;
  const po = order.data;
  return (
    <div className="flex flex-col gap-4">
      <div>
        <Link to="/purchasing" className="text-sm text-primary hover:underline">
          ← Purchasing
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
          {po.poNumber} <StatusBadge status={po.status} />
        </h1>
        <p className="text-sm text-muted-foreground">
          {po.supplierName} · ordered {formatDate(po.orderedAt.slice(0, 10))} · expected {formatDate(po.expectedDate)} · {po.paymentTermsDays}-day terms · deliver to {po.deliveryWarehouseCode ?? '—'}
        </p>
      </div>
      <Card>
        <CardHeader>
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div>
              <CardTitle className="tabular-nums">{formatMoney(po.total, po.currency)}</CardTitle>
              <CardDescription>
                {po.currency !== 'GBP' ? `${formatMoney(po.totalGbp, 'GBP')} · ` : ''}
                {po.requiresAdminApproval ? 'above the approval limit: ADMIN with a second factor' : 'within a manager\u2019s approval limit'}
              </CardDescription>
            </div>
            <div className="flex gap-2">
              <Button asChild variant="outline" size="sm">
                <a href={`/api/purchasing/orders/${po.id}.csv`} download>
                  Download CSV
                </a>
              </Button>
              <Button asChild variant="outline" size="sm">
                <a href={`/api/purchasing/orders/${po.id}.pdf`} download>
                  Download PDF
                </a>
              </Button>
            </div>
          </div>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <Workflow po={po} role={session.data?.user.role} canTransition={(session.data?.user.permissions ?? []).includes('purchasing:transition')} />
          {po.rejectedReason && <p className="text-sm">Rejected: {po.rejectedReason}</p>}
          <div className="overflow-x-auto">
            <Table aria-label="Order lines">
              <TableHeader>
                <TableRow>
                  <TableHead>#</TableHead>
                  <TableHead>Material</TableHead>
                  <TableHead className="text-right">Ordered</TableHead>
                  <TableHead className="text-right">Received</TableHead>
                  <TableHead className="text-right">Unit price</TableHead>
                  <TableHead className="text-right">Line total</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {po.lines.map((l) => (
                  <TableRow key={l.id}>
                    <TableCell>{l.lineNumber}</TableCell>
                    <TableCell>
                      <div className="font-medium">{l.materialCode}</div>
                      <div className="text-xs text-muted-foreground">{l.materialName}</div>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {formatCount(l.quantity)} {l.unit}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{formatCount(l.quantityReceived)}</TableCell>
                    <TableCell className="text-right tabular-nums">{l.unitPrice}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatMoney(l.lineTotal, po.currency)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>History</CardTitle>
          <CardDescription>Every step, from the audit log.</CardDescription>
        </CardHeader>
        <CardContent>
          {po.history.length === 0 ? (
            <p className="text-sm text-muted-foreground">Imported from the ERP; no workflow steps recorded here.</p>
          ) : (
            <ol className="flex flex-col gap-2 text-sm">
              {po.history.map((h) => (
                <li key={`${h.at}-${h.action}`} className="flex flex-wrap gap-x-2">
                  <span className="tabular-nums text-muted-foreground">{new Date(h.at).toISOString().slice(0, 16).replace('T', ' ')}</span>
                  <span className="font-medium">{h.action.replace('purchase_order.', '')}</span>
                  <span>
                    by {h.actor}
                    {h.actorRole ? ` (${h.actorRole})` : ''}
                  </span>
                  {h.from && h.to && (
                    <span className="text-muted-foreground">
                      {h.from.replace('_', ' ')} → {h.to.replace('_', ' ')}
                    </span>
                  )}
                  {h.reason && <span className="italic">“{h.reason}”</span>}
                </li>
              ))}
            </ol>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
