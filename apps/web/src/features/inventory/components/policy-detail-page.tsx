import type { InventoryPolicyDetail, ItemKind, PutPolicySettings } from '@sentia/contracts/inventory';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { useSession } from '@/features/auth/api/get-session.ts';
import { isApiError } from '@/lib/api-client.ts';
import { formatCount, formatDate } from '@/lib/format.ts';
import { useInventoryPolicy, type PolicyItemKey } from '../api/get-inventory-policy.ts';
import { usePutPolicySettings } from '../api/put-policy-settings.ts';
import { ClassBadges, RiskBadge } from './policy-badges.tsx';

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-md border p-3">
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className="text-xl font-semibold tabular-nums">{value}</div>
      {hint && <div className="text-xs text-muted-foreground">{hint}</div>}
    </div>
  );
}

const q = (v: number) => formatCount(Math.round(v));

function SettingsForm({ item, save, canWrite }: { item: InventoryPolicyDetail; save: ReturnType<typeof usePutPolicySettings>; canWrite: boolean }) {
  const s = item.settings;
  const [serviceLevel, setServiceLevel] = useState(String(Math.round(s.serviceLevel * 1000) / 10));
  const [leadTime, setLeadTime] = useState(String(s.leadTimeDays));
  const [leadSd, setLeadSd] = useState(String(s.leadTimeStdDays));
  const [review, setReview] = useState(String(s.reviewPeriodDays));
  const fieldErrors = isApiError(save.error) ? save.error.fieldErrors : {};

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: PutPolicySettings = {
      serviceLevel: Number(serviceLevel) / 100,
      leadTimeDays: Number(leadTime),
      leadTimeStdDays: Number(leadSd),
      reviewPeriodDays: Number(review),
      version: s.version,
    };
    save.mutate(body);
  };
  const reset = () => save.mutate({ serviceLevel: null, leadTimeDays: null, leadTimeStdDays: null, reviewPeriodDays: null, version: s.version });
  const field = (id: string, label: string, value: string, set: (v: string) => void, error: string | undefined, hint: string, step = '1') => (
    <div className="flex flex-col gap-1">
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} type="number" step={step} value={value} onChange={(e) => set(e.target.value)} disabled={!canWrite} aria-invalid={error ? true : undefined} aria-describedby={`${id}-hint`} />
      <span id={`${id}-hint`} className={error ? 'text-xs text-destructive' : 'text-xs text-muted-foreground'}>
        {error ?? hint}
      </span>
    </div>
  );

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" aria-label="Policy parameters">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {field('service-level', 'Service level (%)', serviceLevel, setServiceLevel, fieldErrors.serviceLevel, s.overridden.includes('serviceLevel') ? 'set by a planner' : 'default for the class', '0.1')}
        {field('lead-time', 'Lead time (days)', leadTime, setLeadTime, fieldErrors.leadTimeDays, s.overridden.includes('leadTimeDays') ? 'set by a planner' : 'observed / supplier')}
        {field('lead-time-sd', 'Lead time variation (± days)', leadSd, setLeadSd, fieldErrors.leadTimeStdDays, 'standard deviation', '0.1')}
        {field('review', 'Review period (days)', review, setReview, fieldErrors.reviewPeriodDays, 'how often the item is reviewed')}
      </div>
      {save.isError && !Object.keys(fieldErrors).length && <p className="text-sm text-destructive">{save.error.message}</p>}
      {save.isSuccess && <p className="text-sm text-emerald-700">Saved; the policy below is recalculated.</p>}
      {canWrite ? (
        <div className="flex gap-2">
          <Button type="submit" disabled={save.isPending}>
            Save parameters
          </Button>
          <Button type="button" variant="outline" onClick={reset} disabled={save.isPending || s.overridden.length === 0}>
            Reset to defaults
          </Button>
        </div>
      ) : (
        <p className="text-xs text-muted-foreground">Read only: changing parameters needs inventory write access.</p>
      )}
    </form>
  );
}

/** One item × warehouse: the computed policy, its stock projection and the planner's parameters. */
export function PolicyDetailPage() {
  const params = useParams();
  const itemKey: PolicyItemKey = { kind: (params.kind ?? 'product') as ItemKind, code: params.code ?? '', warehouse: params.warehouse ?? '' };
  const item = useInventoryPolicy(itemKey);
  const session = useSession();
  const canWrite = (session.data?.user.permissions ?? []).includes('inventory:write');
  // Held here, not in the form: the form remounts with the saved version, and the outcome must survive that.
  const save = usePutPolicySettings(itemKey);

  if (item.isError) return <ErrorState error={item.error} onRetry={() => void item.refetch()} />;
  if (item.isPending) return <Skeleton className="h-96 w-full" />;
  const d = item.data;
  const weekly = d.projection.filter((_, i) => i % 7 === 0);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <Link to="/inventory" className="text-sm text-primary hover:underline">
          ← Inventory policy
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
          {d.code} <span className="text-muted-foreground">in {d.warehouseCode}</span> <ClassBadges abc={d.abcClass} xyz={d.xyzClass} /> <RiskBadge risk={d.stockoutRisk} />
        </h1>
        <p className="text-sm text-muted-foreground">{d.name}</p>
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-6">
        <Figure label="On hand" value={q(d.onHand)} hint={`${q(d.allocated)} allocated, ${q(d.onOrder)} on order`} />
        <Figure label="Demand per day" value={d.averageDailyDemand.toFixed(1)} hint={d.demandSource === 'forecast_run' ? 'from the latest forecast' : 'moving average'} />
        <Figure label="Safety stock" value={q(d.safetyStock)} hint={d.safetyStockMethod === 'forecast_errors' ? 'from forecast errors' : 'demand and lead-time variability'} />
        <Figure label="Reorder point" value={q(d.reorderPoint)} />
        <Figure label="EOQ" value={q(d.economicOrderQuantity)} hint={`min ${q(d.min)} / max ${q(d.max)}`} />
        <Figure label="Days of cover" value={d.daysOfCover === null ? '—' : d.daysOfCover.toFixed(0)} hint={d.stockoutDate ? `runs out ${formatDate(d.stockoutDate)}` : 'no stock-out in sight'} />
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Parameters</CardTitle>
          <CardDescription>Target service level and lead time for this item; the policy recalculates when you save.</CardDescription>
        </CardHeader>
        <CardContent>
          <SettingsForm key={d.settings.version} item={d} save={save} canWrite={canWrite} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Projected stock</CardTitle>
          <CardDescription>Start of each week, with the forecast and scheduled receipts (negative = unmet demand).</CardDescription>
        </CardHeader>
        <CardContent>
          <ol className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4 lg:grid-cols-7">
            {weekly.map((p) => (
              <li key={p.date} className={p.stock < d.safetyStock ? 'rounded border border-amber-300 bg-amber-50 p-2' : 'rounded border p-2'}>
                <div className="text-xs text-muted-foreground">{formatDate(p.date)}</div>
                <div className="tabular-nums">{q(p.stock)}</div>
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>
    </div>
  );
}
