import type { PurchaseOrderStatusDto } from '@sentia/contracts/purchasing';
import { Badge } from '@/components/ui/badge.tsx';
import { cn } from '@/lib/cn.ts';

const style: Record<PurchaseOrderStatusDto, string> = {
  proposed: 'bg-amber-100 text-amber-900',
  approved: 'bg-sky-100 text-sky-900',
  sent: 'bg-indigo-100 text-indigo-900',
  partially_received: 'bg-violet-100 text-violet-900',
  received: 'bg-emerald-100 text-emerald-900',
  closed: 'bg-slate-200 text-slate-800',
  rejected: 'bg-red-100 text-red-900',
  cancelled: 'bg-slate-100 text-slate-600',
};

export function StatusBadge({ status }: { status: PurchaseOrderStatusDto }) {
  return <Badge className={cn('border-transparent capitalize', style[status])}>{status.replace('_', ' ')}</Badge>;
}
