import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { addDays, toIsoDate } from '@/lib/date-range.ts';
import { useCreateProductionOrder, usePlannableSkus } from '../api/create-production-order.ts';
import { useProductionLines } from '../api/get-production-lines.ts';

/** Plans an order on a line (MANAGER, ADMIN): SKU, quantity, due date and priority. */
export function PlanOrderForm() {
  const skus = usePlannableSkus();
  const lines = useProductionLines();
  const create = useCreateProductionOrder();
  const [sku, setSku] = useState('');
  const [line, setLine] = useState('');
  const [quantity, setQuantity] = useState('1000');
  const [due, setDue] = useState(addDays(toIsoDate(new Date()), 7));
  const [priority, setPriority] = useState('5');
  const fields = isApiError(create.error) ? create.error.fieldErrors : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ sku, line, quantity: Number(quantity), dueAt: `${due}T22:00:00Z`, priority: Number(priority) });
  };
  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6 lg:items-end" aria-label="Plan an order">
      <div className="grid gap-1.5 lg:col-span-2">
        <Label htmlFor="plan-sku">SKU</Label>
        <Select value={sku} onValueChange={setSku}>
          <SelectTrigger id="plan-sku" aria-invalid={Boolean(fields.sku) || undefined}>
            <SelectValue placeholder="Choose a SKU" />
          </SelectTrigger>
          <SelectContent>
            {(skus.data ?? []).map((s) => (
              <SelectItem key={s.code} value={s.code}>
                {s.code} · {s.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="plan-line">Line</Label>
        <Select value={line} onValueChange={setLine}>
          <SelectTrigger id="plan-line" aria-invalid={Boolean(fields.line) || undefined}>
            <SelectValue placeholder="Line" />
          </SelectTrigger>
          <SelectContent>
            {(lines.data?.lines ?? []).map((l) => (
              <SelectItem key={l.code} value={l.code}>
                {l.code}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="plan-quantity">Quantity</Label>
        <Input id="plan-quantity" inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} aria-invalid={Boolean(fields.quantity) || undefined} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="plan-due">Due (end of day UTC)</Label>
        <Input id="plan-due" type="date" value={due} onChange={(e) => setDue(e.target.value)} aria-invalid={Boolean(fields.dueAt) || undefined} />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="plan-priority">Priority (1 = most urgent)</Label>
        <Input id="plan-priority" inputMode="numeric" value={priority} onChange={(e) => setPriority(e.target.value)} aria-invalid={Boolean(fields.priority) || undefined} />
      </div>
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-6">
        <Button type="submit" disabled={create.isPending || !sku || !line}>
          Plan order
        </Button>
        {create.error ? <p className="text-sm text-destructive">{Object.entries(fields).map(([f, m]) => `${f}: ${m}`).join('; ') || (isApiError(create.error) ? (create.error.detail ?? create.error.title) : 'Could not plan the order.')}</p> : null}
        {create.data ? <p className="text-sm text-muted-foreground">Planned {create.data.orderNumber}; release it below to put it on the operator station.</p> : null}
      </div>
    </form>
  );
}
