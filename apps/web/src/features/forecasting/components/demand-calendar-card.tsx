import { channelCodes, regionCodes } from '@sentia/contracts/common';
import type { DemandEvent, DemandEventKind, SeriesDetail, SeriesList } from '@sentia/contracts/forecasting';
import { useState, type FormEvent } from 'react';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Checkbox } from '@/components/ui/checkbox.tsx';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Label } from '@/components/ui/label.tsx';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { formatCount, formatDate } from '@/lib/format.ts';
import { useDeleteDemandEvent, useDemandEvents, useSaveDemandEvent } from '../api/demand-events.ts';
import { splitKey } from './series-picker.tsx';

type ProphetParts = NonNullable<NonNullable<SeriesDetail['forecast']>['prophetDecomposition']>;

const kindLabel: Record<DemandEventKind, string> = { HOLIDAY: 'Holiday', PROMOTION: 'Promotion' };

/** Joins the names of events that always fall in the same periods and so share one regressor (the server's rule). */
const SHARED = ' + ';

/**
 * Prophet's estimate of an event's contribution: its regressor over the periods the event touches (units), and the
 * events it was learned together with (they always fell in the same periods, so they share one effect).
 */
export function eventEffect(parts: ProphetParts | null | undefined, e: Pick<DemandEvent, 'name' | 'startsOn' | 'endsOn'>): { value: number; together: string[] } | null {
  const key = parts && Object.keys(parts.regressors).find((k) => k === e.name || k.split(SHARED).includes(e.name));
  if (!parts || !key) return null;
  const values = parts.regressors[key]!;
  let total = 0;
  let touched = false;
  parts.periods.forEach((p, i) => {
    const next = parts.periods[i + 1];
    if (p <= e.endsOn && (next === undefined ? p >= e.startsOn.slice(0, 7) : next > e.startsOn)) {
      total += values[i]!;
      touched = true;
    }
  });
  return touched ? { value: total, together: key === e.name ? [] : key.split(SHARED).filter((n) => n !== e.name) } : null;
}

const scopeText = (e: DemandEvent) => {
  const parts = [e.skus?.join(', '), e.regions?.join(', '), e.channels?.map((c) => c.replace('_', ' ')).join(', ')].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'Everything';
};

const dates = (e: Pick<DemandEvent, 'startsOn' | 'endsOn'>) => (e.startsOn === e.endsOn ? formatDate(e.startsOn) : `${formatDate(e.startsOn)} – ${formatDate(e.endsOn)}`);

/**
 * The holidays and promotions that reach the selected series: planned ones first, past ones on request. Prophet
 * learns one effect per event name from the past ones and applies it to the planned ones at the next run; the
 * effect column shows its estimate from the latest run. Managers and admins add, change and delete events.
 */
export function DemandCalendarCard({ seriesKey, detail, list, lastActualDate, canEdit }: { seriesKey: string; detail: SeriesDetail | undefined; list: SeriesList | undefined; lastActualDate: string | null; canEdit: boolean }) {
  const events = useDemandEvents(seriesKey);
  const remove = useDeleteDemandEvent();
  const [showPast, setShowPast] = useState(false);
  const [editing, setEditing] = useState<DemandEvent | 'new' | null>(null);
  const [deleting, setDeleting] = useState<DemandEvent | null>(null);
  const today = lastActualDate ?? new Date().toISOString().slice(0, 10);
  const all = events.data?.events ?? [];
  const shown = all.filter((e) => showPast || e.endsOn >= today);
  const parts = detail?.forecast?.prophetDecomposition;
  const skus = [...new Set((list?.series ?? []).map((s) => s.sku).filter((s): s is string => s !== null))].sort();

  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
        <div className="grid gap-1.5">
          <CardTitle>Holidays and promotions</CardTitle>
          <CardDescription>
            Events that reach this series. The Prophet-style member learns one effect per event name from past occurrences and adds it to the planned ones; changes apply from the next forecast run.
          </CardDescription>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2 text-sm">
            <Checkbox checked={showPast} onCheckedChange={(v) => setShowPast(v === true)} aria-label="Show past events" />
            Show past events
          </label>
          {canEdit ? <Button size="sm" onClick={() => setEditing('new')}>Add event</Button> : null}
        </div>
      </CardHeader>
      <CardContent>
        {events.error ? (
          <ErrorState error={events.error} onRetry={() => void events.refetch()} />
        ) : !events.data ? (
          <Skeleton className="h-24 w-full" />
        ) : shown.length === 0 ? (
          <EmptyState title={showPast ? 'No events reach this series' : 'No planned events for this series'}>{canEdit ? 'Add a promotion or holiday so the forecast plans for it.' : null}</EmptyState>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">Holidays and promotions that reach this series</caption>
              <thead className="text-left text-muted-foreground">
                <tr className="border-b">
                  <th scope="col" className="py-2 pr-3 font-medium">Event</th>
                  <th scope="col" className="py-2 pr-3 font-medium">Dates</th>
                  <th scope="col" className="py-2 pr-3 font-medium">Scope</th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium" title="Prophet's estimate from the latest run: units the event adds in the periods it falls in (events that always fall in the same periods share one estimate); — when the event lies outside the forecast">Learned effect</th>
                  {canEdit ? <th scope="col" className="py-2 text-right font-medium"><span className="sr-only">Actions</span></th> : null}
                </tr>
              </thead>
              <tbody>
                {shown.map((e) => {
                  const effect = eventEffect(parts, e);
                  return (
                    <tr key={e.id} className="border-b align-top last:border-0">
                      <th scope="row" className="py-2 pr-3 text-left font-normal">
                        <span className="flex flex-wrap items-center gap-2">
                          <Badge variant={e.kind === 'PROMOTION' ? 'default' : 'secondary'}>{kindLabel[e.kind]}</Badge>
                          <span>{e.name}</span>
                          {e.code ? <span className="text-xs text-muted-foreground">{e.code}</span> : null}
                        </span>
                        {e.notes ? <span className="block text-xs text-muted-foreground">{e.notes}</span> : null}
                      </th>
                      <td className="py-2 pr-3 whitespace-nowrap">{dates(e)}{e.endsOn < today ? <span className="block text-xs text-muted-foreground">past</span> : null}</td>
                      <td className="py-2 pr-3">{scopeText(e)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">
                        {effect === null ? '—' : `${effect.value >= 0 ? '+' : '−'}${formatCount(Math.abs(Math.round(effect.value)))}`}
                        {effect && effect.together.length > 0 ? <span className="block text-xs text-muted-foreground">together with {effect.together.join(', ')}</span> : null}
                      </td>
                      {canEdit ? (
                        <td className="py-2 text-right whitespace-nowrap">
                          <Button size="sm" variant="ghost" onClick={() => setEditing(e)} aria-label={`Edit ${e.name} ${e.startsOn}`}>Edit</Button>
                          <Button size="sm" variant="ghost" onClick={() => setDeleting(e)} aria-label={`Delete ${e.name} ${e.startsOn}`}>Delete</Button>
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </CardContent>
      {editing ? <EventDialog key={editing === 'new' ? 'new' : editing.id} event={editing === 'new' ? null : editing} seriesKey={seriesKey} skus={skus} onClose={() => setEditing(null)} /> : null}
      <Dialog open={deleting !== null} onOpenChange={(open) => (open ? undefined : (setDeleting(null), remove.reset()))}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Delete {deleting?.name}?</DialogTitle>
            <DialogDescription>{deleting ? `${dates(deleting)}. The next forecast run no longer plans for it (or learns from it, if it is past). The deletion is audited.` : ''}</DialogDescription>
          </DialogHeader>
          {remove.error ? <p role="alert" className="text-sm text-negative">{isApiError(remove.error) ? (remove.error.detail ?? remove.error.title) : remove.error.message}</p> : null}
          <DialogFooter>
            <Button variant="outline" onClick={() => setDeleting(null)}>Cancel</Button>
            <Button variant="destructive" disabled={remove.isPending} onClick={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}>Delete event</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}

/** Toggles `value` in a scope list; an empty list means "all" (null). */
function toggled(list: string[], value: string, on: boolean): string[] {
  return on ? [...new Set([...list, value])] : list.filter((v) => v !== value);
}

function ScopeField({ legend, options, value, onChange, error }: { legend: string; options: readonly string[]; value: string[]; onChange: (v: string[]) => void; error?: string | undefined }) {
  return (
    <fieldset className="grid gap-1.5">
      <legend className="text-sm font-medium">{legend} <span className="font-normal text-muted-foreground">(none ticked = all)</span></legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1.5">
        {options.map((o) => (
          <label key={o} className="flex items-center gap-1.5 text-sm">
            <Checkbox checked={value.includes(o)} onCheckedChange={(v) => onChange(toggled(value, o, v === true))} aria-label={`${legend} ${o}`} />
            {o.replace('_', ' ')}
          </label>
        ))}
      </div>
      {error ? <p className="text-xs text-negative">{error}</p> : null}
    </fieldset>
  );
}

/** Adds (event null) or changes a calendar event; field errors from the server show beside their fields. */
function EventDialog({ event, seriesKey, skus, onClose }: { event: DemandEvent | null; seriesKey: string; skus: string[]; onClose: () => void }) {
  const save = useSaveDemandEvent();
  const [sku, region, channel] = splitKey(seriesKey);
  const [kind, setKind] = useState<DemandEventKind>(event?.kind ?? 'PROMOTION');
  const [name, setName] = useState(event?.name ?? '');
  const [code, setCode] = useState(event?.code ?? '');
  const [startsOn, setStartsOn] = useState(event?.startsOn ?? '');
  const [endsOn, setEndsOn] = useState(event?.endsOn ?? '');
  // a new event starts scoped to the series on screen
  const [skuScope, setSkuScope] = useState<string[]>(event ? (event.skus ?? []) : sku === '*' ? [] : [sku]);
  const [regionScope, setRegionScope] = useState<string[]>(event ? (event.regions ?? []) : region === '*' ? [] : [region]);
  const [channelScope, setChannelScope] = useState<string[]>(event ? (event.channels ?? []) : channel === '*' ? [] : [channel]);
  const [notes, setNotes] = useState(event?.notes ?? '');
  const errors = isApiError(save.error) ? save.error.fieldErrors : {};
  const fieldError = (prefix: string) => Object.entries(errors).filter(([f]) => f === prefix || f.startsWith(`${prefix}.`)).map(([, m]) => m).join('; ') || undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = {
      kind,
      name,
      code: code.trim() === '' ? null : code.trim().toUpperCase(),
      startsOn,
      endsOn: endsOn || startsOn,
      skus: skuScope.length > 0 ? skuScope : null,
      regions: regionScope.length > 0 ? (regionScope as Array<(typeof regionCodes)[number]>) : null,
      channels: channelScope.length > 0 ? (channelScope as Array<(typeof channelCodes)[number]>) : null,
      notes: notes.trim() === '' ? null : notes,
    };
    save.mutate({ id: event?.id ?? null, input }, { onSuccess: onClose });
  };

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent className="max-h-[90vh] overflow-y-auto">
        <form className="grid gap-4" onSubmit={submit} noValidate>
          <DialogHeader>
            <DialogTitle>{event ? `Change ${event.name}` : 'New holiday or promotion'}</DialogTitle>
            <DialogDescription>Events with the same name share one learned effect, so name a recurring event the same way every year. The change is audited.</DialogDescription>
          </DialogHeader>
          <div className="grid grid-cols-2 gap-3">
            <div className="grid gap-1.5">
              <Label htmlFor="event-kind">Kind</Label>
              <Select value={kind} onValueChange={(v) => setKind(v as DemandEventKind)}>
                <SelectTrigger id="event-kind" aria-label="Kind"><SelectValue /></SelectTrigger>
                <SelectContent>
                  <SelectItem value="PROMOTION">Promotion</SelectItem>
                  <SelectItem value="HOLIDAY">Holiday</SelectItem>
                </SelectContent>
              </Select>
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="event-code">Promotion code</Label>
              <Input id="event-code" value={code} onChange={(e) => setCode(e.target.value)} placeholder="optional, e.g. PRIMEDAY" aria-invalid={errors.code ? true : undefined} />
              {errors.code ? <p className="text-xs text-negative">{errors.code}</p> : null}
            </div>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="event-name">Name</Label>
            <Input id="event-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} aria-invalid={errors.name ? true : undefined} />
            {errors.name ? <p className="text-xs text-negative">{errors.name}</p> : null}
          </div>
          <div className="grid grid-cols-2 gap-3">
            <div className="grid gap-1.5">
              <Label htmlFor="event-starts">First day</Label>
              <Input id="event-starts" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} aria-invalid={errors.startsOn ? true : undefined} />
              {errors.startsOn ? <p className="text-xs text-negative">{errors.startsOn}</p> : null}
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="event-ends">Last day</Label>
              <Input id="event-ends" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} aria-invalid={errors.endsOn ? true : undefined} />
              {errors.endsOn ? <p className="text-xs text-negative">{errors.endsOn}</p> : null}
            </div>
          </div>
          <ScopeField legend="Channels" options={channelCodes} value={channelScope} onChange={setChannelScope} error={fieldError('channels')} />
          <ScopeField legend="Regions" options={regionCodes} value={regionScope} onChange={setRegionScope} error={fieldError('regions')} />
          <ScopeField legend="SKUs" options={skus} value={skuScope} onChange={setSkuScope} error={fieldError('skus')} />
          <div className="grid gap-1.5">
            <Label htmlFor="event-notes">Notes</Label>
            <Input id="event-notes" value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={500} placeholder="optional, e.g. 20 % off" />
          </div>
          {save.error && Object.keys(errors).length === 0 ? <p role="alert" className="text-sm text-negative">{isApiError(save.error) ? (save.error.detail ?? save.error.title) : save.error.message}</p> : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>Cancel</Button>
            <Button type="submit" disabled={save.isPending || name.trim().length < 2 || !startsOn}>{event ? 'Save changes' : 'Add event'}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
