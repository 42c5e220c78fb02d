import type { ProductionOrder } from '@sentia/contracts/production';
import { CheckCircle2, Loader2, Play, Square } from 'lucide-react';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { cn } from '@/lib/cn.ts';
import { formatCount } from '@/lib/format.ts';
import { useProductionLines } from '../api/get-production-lines.ts';
import { useProductionOrders } from '../api/get-production-orders.ts';
import { useRecordDowntime } from '../api/record-downtime.ts';
import { useRecordOutput } from '../api/record-output.ts';
import { useRecordQualityCheck } from '../api/record-quality-check.ts';
import { useTransitionProductionOrder } from '../api/transition-production-order.ts';
import { ProductionTabs } from './production-tabs.tsx';

const bigInput = 'h-14 text-lg sm:text-lg';
const bigButton = 'h-14 px-6 text-base';
const statusStyle: Record<string, string> = { RELEASED: 'bg-sky-100 text-sky-900', IN_PROGRESS: 'bg-emerald-100 text-emerald-900', COMPLETED: 'bg-muted text-muted-foreground' };

/** The field messages of a failed request, with a general message as fallback. */
function problemText(error: unknown): { message: string; fields: Record<string, string> } {
  if (isApiError(error)) return { message: error.detail ?? error.title, fields: error.fieldErrors };
  return { message: error instanceof Error ? error.message : 'Something went wrong.', fields: {} };
}

function Field({ id, label, error, children }: { id: string; label: string; error?: string | undefined; children: ReactNode }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id} className="text-base">
        {label}
      </Label>
      {children}
      {error ? (
        <p className="text-sm text-destructive" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function NumberInput({ id, value, onChange, invalid }: { id: string; value: string; onChange: (v: string) => void; invalid?: boolean }) {
  return <Input id={id} inputMode="numeric" pattern="-?[0-9]*" className={bigInput} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid || undefined} aria-describedby={invalid ? `${id}-error` : undefined} />;
}

/** Whole minutes since the order started less the run time already recorded (at least 1): the default for a new count. */
function minutesSinceLastCount(order: ProductionOrder): number {
  if (!order.actualStart) return 60;
  const elapsed = Math.floor((Date.now() - Date.parse(order.actualStart)) / 60_000) - order.runMinutes;
  return Math.min(24 * 60, Math.max(1, elapsed));
}

function OutputForm({ order, onDone }: { order: ProductionOrder; onDone: (msg: string) => void }) {
  const record = useRecordOutput();
  const [good, setGood] = useState('');
  const [total, setTotal] = useState('');
  const [rework, setRework] = useState('0');
  const [minutes, setMinutes] = useState(String(minutesSinceLastCount(order)));
  const problem = record.error ? problemText(record.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate(
      { id: order.id, body: { goodUnits: Number(good), totalUnits: Number(total), reworkUnits: Number(rework || 0), runMinutes: Number(minutes) } },
      {
        onSuccess: () => {
          onDone(`Recorded ${good} good of ${total} on ${order.orderNumber}.`);
          setGood('');
          setTotal('');
          setRework('0');
        },
      },
    );
  };
  return (
    <form onSubmit={submit} className="grid gap-4" aria-label="Record output">
      <div className="grid grid-cols-2 gap-3">
        <Field id="good-units" label="Good units" error={problem?.fields.goodUnits}>
          <NumberInput id="good-units" value={good} onChange={setGood} invalid={Boolean(problem?.fields.goodUnits)} />
        </Field>
        <Field id="total-units" label="Total units" error={problem?.fields.totalUnits}>
          <NumberInput id="total-units" value={total} onChange={setTotal} invalid={Boolean(problem?.fields.totalUnits)} />
        </Field>
        <Field id="rework-units" label="Rework units" error={problem?.fields.reworkUnits}>
          <NumberInput id="rework-units" value={rework} onChange={setRework} invalid={Boolean(problem?.fields.reworkUnits)} />
        </Field>
        <Field id="run-minutes" label="Run minutes" error={problem?.fields.runMinutes}>
          <NumberInput id="run-minutes" value={minutes} onChange={setMinutes} invalid={Boolean(problem?.fields.runMinutes)} />
        </Field>
      </div>
      {problem && Object.keys(problem.fields).length === 0 ? <p className="text-sm text-destructive">{problem.message}</p> : null}
      <Button type="submit" className={bigButton} disabled={record.isPending || good === '' || total === ''}>
        {record.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
        Record output
      </Button>
    </form>
  );
}

function DowntimeForm({ order, onDone }: { order: ProductionOrder; onDone: (msg: string) => void }) {
  const lines = useProductionLines();
  const record = useRecordDowntime();
  const [kind, setKind] = useState<'UNPLANNED' | 'PLANNED'>('UNPLANNED');
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState('10');
  const [ago, setAgo] = useState('0');
  const reasons = (lines.data?.downtimeReasons ?? []).filter((r) => r.kind === kind);
  const problem = record.error ? problemText(record.error) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const end = Date.now() - Number(ago || 0) * 60_000;
    const start = end - Number(duration) * 60_000;
    record.mutate(
      { line: order.line, productionOrderId: order.id, kind, reasonCode: reason, startedAt: new Date(start).toISOString(), endedAt: new Date(end).toISOString() },
      { onSuccess: (d) => onDone(`Recorded a ${d.minutes}-minute ${d.kind.toLowerCase()} stop (${d.reasonCode.replace(/_/g, ' ').toLowerCase()}) on ${d.line}.`) },
    );
  };
  return (
    <form onSubmit={submit} className="grid gap-4" aria-label="Record a stop">
      <div className="grid grid-cols-2 gap-2" role="radiogroup" aria-label="Kind of stop">
        {(['UNPLANNED', 'PLANNED'] as const).map((k) => (
          <Button key={k} role="radio" aria-checked={kind === k} variant={kind === k ? 'default' : 'outline'} className={bigButton} onClick={() => { setKind(k); setReason(''); }}>
            {k === 'UNPLANNED' ? 'Unplanned' : 'Planned'}
          </Button>
        ))}
      </div>
      <fieldset className="grid gap-2">
        <legend className="mb-1.5 text-base font-medium">Reason</legend>
        <div className="grid grid-cols-2 gap-2 md:grid-cols-3" role="radiogroup" aria-label="Reason">
          {reasons.map((r) => (
            <Button key={r.code} role="radio" aria-checked={reason === r.code} variant={reason === r.code ? 'default' : 'outline'} className="h-12 whitespace-normal text-sm leading-tight" onClick={() => setReason(r.code)}>
              {r.code.replace(/_/g, ' ').toLowerCase()}
            </Button>
          ))}
        </div>
        {problem?.fields.reasonCode ? <p className="text-sm text-destructive">{problem.fields.reasonCode}</p> : null}
      </fieldset>
      <div className="grid grid-cols-2 gap-3">
        <Field id="stop-minutes" label="Minutes stopped" error={problem?.fields.endedAt ?? problem?.fields.startedAt}>
          <NumberInput id="stop-minutes" value={duration} onChange={setDuration} invalid={Boolean(problem?.fields.endedAt)} />
        </Field>
        <Field id="stop-ago" label="Ended minutes ago" error={undefined}>
          <NumberInput id="stop-ago" value={ago} onChange={setAgo} />
        </Field>
      </div>
      {problem && !problem.fields.endedAt && !problem.fields.reasonCode ? <p className="text-sm text-destructive">{problem.message}</p> : null}
      <Button type="submit" className={bigButton} disabled={record.isPending || reason === '' || !(Number(duration) > 0)}>
        {record.isPending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
        Record stop
      </Button>
    </form>
  );
}

const checkTypes = ['FILL_LEVEL', 'CLOSURE', 'LABEL', 'ABV'];

function QualityForm({ order, onDone }: { order: ProductionOrder; onDone: (msg: string) => void }) {
  const record = useRecordQualityCheck();
  const [checkType, setCheckType] = useState(checkTypes[0] as string);
  const [sample, setSample] = useState('20');
  const [defects, setDefects] = useState('0');
  const problem = record.error ? problemText(record.error) : null;
  const submit = (result: 'PASS' | 'FAIL' | 'REWORK') =>
    record.mutate({ id: order.id, body: { checkType, result, sampleSize: Number(sample), defects: Number(defects || 0) } }, { onSuccess: () => onDone(`Quality check ${checkType.toLowerCase()} recorded: ${result.toLowerCase()}.`) });
  return (
    <div className="grid gap-4" aria-label="Record a quality check" role="group">
      <div className="grid grid-cols-2 gap-2 md:grid-cols-4" role="radiogroup" aria-label="Check">
        {checkTypes.map((c) => (
          <Button key={c} role="radio" aria-checked={checkType === c} variant={checkType === c ? 'default' : 'outline'} className="h-12 text-sm" onClick={() => setCheckType(c)}>
            {c.replace(/_/g, ' ').toLowerCase()}
          </Button>
        ))}
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Field id="sample-size" label="Sample size" error={problem?.fields.sampleSize}>
          <NumberInput id="sample-size" value={sample} onChange={setSample} invalid={Boolean(problem?.fields.sampleSize)} />
        </Field>
        <Field id="defects" label="Defects found" error={problem?.fields.defects}>
          <NumberInput id="defects" value={defects} onChange={setDefects} invalid={Boolean(problem?.fields.defects)} />
        </Field>
      </div>
      {problem && Object.keys(problem.fields).length === 0 ? <p className="text-sm text-destructive">{problem.message}</p> : null}
      <div className="grid grid-cols-3 gap-2">
        <Button className={cn(bigButton, 'bg-emerald-700 hover:bg-emerald-700/90')} disabled={record.isPending} onClick={() => submit('PASS')}>
          Pass
        </Button>
        <Button variant="outline" className={bigButton} disabled={record.isPending} onClick={() => submit('REWORK')}>
          Rework
        </Button>
        <Button variant="destructive" className={bigButton} disabled={record.isPending} onClick={() => submit('FAIL')}>
          Fail
        </Button>
      </div>
    </div>
  );
}

function OrderPanel({ order, onDone }: { order: ProductionOrder; onDone: (msg: string) => void }) {
  const transition = useTransitionProductionOrder();
  const [tab, setTab] = useState<'output' | 'stop' | 'quality'>('output');
  const problem = transition.error ? problemText(transition.error) : null;
  const made = order.goodUnits + order.scrapUnits + order.reworkUnits;
  const move = (action: 'start' | 'complete') => transition.mutate({ id: order.id, body: { action } }, { onSuccess: (o) => onDone(`${o.orderNumber} is now ${o.status.replace('_', ' ').toLowerCase()}.`) });
  return (
    <Card data-testid="operator-order" data-order={order.orderNumber} data-status={order.status}>
      <CardHeader>
        <div>
          <CardTitle className="text-xl">{order.orderNumber}</CardTitle>
          <CardDescription className="text-base">
            {order.productName} ({order.sku}) · {order.lineName}
          </CardDescription>
        </div>
        <span className={`rounded-full px-3 py-1 text-sm font-medium ${statusStyle[order.status] ?? 'bg-muted'}`}>{order.status.replace('_', ' ').toLowerCase()}</span>
      </CardHeader>
      <CardContent className="grid gap-5">
        <div className="grid grid-cols-3 gap-3 text-center">
          <div className="rounded-md bg-muted p-3">
            <div className="text-2xl font-semibold tabular-nums" data-testid="order-good">{formatCount(order.goodUnits)}</div>
            <div className="text-sm text-muted-foreground">good of {formatCount(order.quantityPlanned)}</div>
          </div>
          <div className="rounded-md bg-muted p-3">
            <div className="text-2xl font-semibold tabular-nums">{formatCount(made - order.goodUnits)}</div>
            <div className="text-sm text-muted-foreground">scrap + rework</div>
          </div>
          <div className="rounded-md bg-muted p-3">
            <div className="text-2xl font-semibold tabular-nums">{formatCount(order.runMinutes)}</div>
            <div className="text-sm text-muted-foreground">run minutes</div>
          </div>
        </div>
        {order.status === 'RELEASED' ? (
          <Button className={cn(bigButton, 'h-16 text-lg')} disabled={transition.isPending} onClick={() => move('start')}>
            <Play aria-hidden="true" /> Start order
          </Button>
        ) : null}
        {problem ? <p className="text-sm text-destructive" role="alert">{Object.values(problem.fields)[0] ?? problem.message}</p> : null}
        {order.status === 'IN_PROGRESS' ? (
          <>
            <div className="grid grid-cols-3 gap-2" role="tablist" aria-label="Record">
              {(
                [
                  ['output', 'Output'],
                  ['stop', 'Stop'],
                  ['quality', 'Quality check'],
                ] as const
              ).map(([key, label]) => (
                <Button key={key} role="tab" aria-selected={tab === key} variant={tab === key ? 'secondary' : 'ghost'} className={cn('h-12 text-base', tab === key && 'ring-2 ring-primary')} onClick={() => setTab(key)}>
                  {label}
                </Button>
              ))}
            </div>
            <div role="tabpanel">
              {tab === 'output' ? <OutputForm key={order.id} order={order} onDone={onDone} /> : tab === 'stop' ? <DowntimeForm key={order.id} order={order} onDone={onDone} /> : <QualityForm key={order.id} order={order} onDone={onDone} />}
            </div>
            <div className="border-t pt-4">
              <Button variant="outline" className={cn(bigButton, 'w-full')} disabled={transition.isPending} onClick={() => move('complete')}>
                <Square aria-hidden="true" /> Complete order
              </Button>
              <p className="mt-2 text-sm text-muted-foreground">Completing needs recorded output and a passing latest quality check ({order.latestQualityResult ? `latest: ${order.latestQualityResult.toLowerCase()}` : 'none yet'}).</p>
            </div>
          </>
        ) : null}
      </CardContent>
    </Card>
  );
}

/**
 * The operator station, laid out for a tablet (768–1024 px) with large touch targets: pick a released or running
 * order, start it, record output, stops and quality checks, and complete it.
 */
export function OperatorPage() {
  const orders = useProductionOrders({ status: 'active', limit: 100 });
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const list = orders.data?.orders ?? [];
  const current = list.find((o) => o.id === selected) ?? list[0];
  useEffect(() => {
    if (!message) return;
    const id = setTimeout(() => setMessage(null), 6000);
    return () => clearTimeout(id);
  }, [message]);

  return (
    <div className="grid gap-4 [&>*]:min-w-0">
      <div>
        <h1 className="text-2xl font-semibold">Operator station</h1>
        <p className="text-sm text-muted-foreground">Released and running orders on every line.</p>
      </div>
      <ProductionTabs />
      <div aria-live="polite" className="min-h-0">
        {message ? (
          <p className="flex items-center gap-2 rounded-md bg-emerald-50 p-3 text-base text-emerald-900" data-testid="operator-message">
            <CheckCircle2 className="size-5" aria-hidden="true" /> {message}
          </p>
        ) : null}
      </div>
      {orders.isError ? (
        <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />
      ) : !orders.data ? (
        <Skeleton className="h-64" />
      ) : list.length === 0 ? (
        <EmptyState title="No released or running orders">A manager releases planned orders on the schedule.</EmptyState>
      ) : (
        <div className="grid gap-4 md:grid-cols-[minmax(14rem,18rem)_1fr]">
          <ul className="grid content-start gap-2" aria-label="Orders">
            {list.map((o) => (
              <li key={o.id}>
                <button
                  type="button"
                  onClick={() => setSelected(o.id)}
                  aria-pressed={current?.id === o.id}
                  data-order={o.orderNumber}
                  className={cn('grid min-h-16 w-full gap-0.5 rounded-lg border bg-card p-3 text-left shadow-xs', current?.id === o.id ? 'border-primary ring-2 ring-primary' : 'hover:bg-muted')}
                >
                  <span className="flex items-center justify-between gap-2">
                    <span className="font-semibold">{o.orderNumber}</span>
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${statusStyle[o.status] ?? 'bg-muted'}`}>{o.status.replace('_', ' ').toLowerCase()}</span>
                  </span>
                  <span className="text-sm text-muted-foreground">
                    {o.sku} · {o.line} · {formatCount(o.goodUnits)}/{formatCount(o.quantityPlanned)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {current ? <OrderPanel key={current.id} order={current} onDone={setMessage} /> : null}
        </div>
      )}
    </div>
  );
}
