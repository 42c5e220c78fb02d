import type { DeadLetter, JobStateName, JobSummary, JobsOverview } from '@sentia/contracts/jobs';
import { CalendarClock, Inbox, Loader2, RotateCcw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { EmptyState } from '@/components/feedback/empty-state.tsx';
import { ErrorState } from '@/components/feedback/error-state.tsx';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { cn } from '@/lib/cn.ts';
import { useJobList } from '../api/get-job-list.ts';
import { useJobsOverview } from '../api/get-jobs-overview.ts';
import { useRemoveJob } from '../api/remove-job.ts';
import { useRetryJob } from '../api/retry-job.ts';

const states: { state: JobStateName; label: string; tone: string }[] = [
  { state: 'waiting', label: 'Waiting', tone: 'text-foreground' },
  { state: 'active', label: 'Active', tone: 'text-primary' },
  { state: 'delayed', label: 'Delayed', tone: 'text-warning' },
  { state: 'completed', label: 'Completed', tone: 'text-positive' },
  { state: 'failed', label: 'Failed', tone: 'text-negative' },
];

const dateTime = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'UTC' });
const when = (iso: string | null) => (iso ? `${dateTime.format(new Date(iso))} UTC` : '—');

function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  const message = isApiError(error) ? (error.detail ?? error.title) : error instanceof Error ? error.message : 'The action failed.';
  return (
    <p role="alert" className="text-sm text-negative">
      {message}
    </p>
  );
}

function QueueCards({ overview, selected, onSelect }: { overview: JobsOverview; selected: { queue: string; state: JobStateName } | undefined; onSelect: (queue: string, state: JobStateName) => void }) {
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2 2xl:grid-cols-3">
      {overview.queues.map(({ queue, counts }) => (
        <Card key={queue} data-testid={`queue-${queue}`}>
          <CardHeader>
            <CardTitle className="font-mono text-base">{queue}</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="grid grid-cols-5 gap-1">
              {states.map(({ state, label, tone }) => {
                const isSelected = selected?.queue === queue && selected.state === state;
                return (
                  <li key={state}>
                    <button
                      type="button"
                      aria-pressed={isSelected}
                      onClick={() => onSelect(queue, state)}
                      className={cn(
                        'flex w-full flex-col items-center rounded-md px-1 py-2 text-center hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring',
                        isSelected && 'bg-muted ring-1 ring-ring',
                      )}
                    >
                      <span className={cn('text-lg font-semibold tabular-nums', tone)} data-testid={`count-${queue}-${state}`}>
                        {counts[state]}
                      </span>
                      <span className="text-xs text-muted-foreground">{label}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </CardContent>
        </Card>
      ))}
    </div>
  );
}

function JobRowActions({ job }: { job: JobSummary }) {
  const retry = useRetryJob();
  const remove = useRemoveJob();
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        {job.state === 'failed' ? (
          <Button size="sm" variant="outline" disabled={retry.isPending} onClick={() => retry.mutate(job.id)}>
            <RotateCcw aria-hidden="true" /> Retry
          </Button>
        ) : null}
        {job.state !== 'active' ? (
          <Button size="sm" variant="ghost" disabled={remove.isPending} onClick={() => remove.mutate(job.id)} aria-label={`Remove job ${job.id}`}>
            <Trash2 aria-hidden="true" /> Remove
          </Button>
        ) : null}
      </div>
      <ActionError error={retry.error ?? remove.error} />
    </div>
  );
}

function JobTable({ queue, state }: { queue: string; state: JobStateName }) {
  const list = useJobList(queue, state);
  if (list.isPending) return <Skeleton className="h-32 w-full" />;
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) return <EmptyState title={`No ${state} jobs in ${queue}`} />;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-muted-foreground">
          <tr>
            <th className="py-2 pr-3 font-medium">Job</th>
            <th className="py-2 pr-3 font-medium">Attempts</th>
            <th className="py-2 pr-3 font-medium">Progress</th>
            <th className="py-2 pr-3 font-medium">{state === 'completed' || state === 'failed' ? 'Finished' : state === 'delayed' ? 'Runs at' : 'Created'}</th>
            <th className="py-2 pr-3 font-medium">Error</th>
            <th className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data.map((job) => (
            <tr key={job.id} className="border-t align-top" data-testid="job-row">
              <td className="py-2 pr-3">
                <div className="font-medium">{job.name}</div>
                <div className="max-w-[16rem] truncate font-mono text-xs text-muted-foreground" title={job.id}>
                  {job.id}
                </div>
              </td>
              <td className="py-2 pr-3 tabular-nums">
                {job.attemptsMade} / {job.maxAttempts}
              </td>
              <td className="py-2 pr-3 tabular-nums">{job.progress === null ? '—' : `${job.progress}%`}</td>
              <td className="py-2 pr-3 whitespace-nowrap">{when(state === 'completed' || state === 'failed' ? job.finishedAt : state === 'delayed' ? job.runAt : job.createdAt)}</td>
              <td className="max-w-md py-2 pr-3 break-words text-negative">{job.error ?? ''}</td>
              <td className="py-2">
                <JobRowActions job={job} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeadLetterRow({ letter }: { letter: DeadLetter }) {
  const retry = useRetryJob();
  const remove = useRemoveJob();
  return (
    <tr className="border-t align-top" data-testid="dead-letter-row">
      <td className="py-2 pr-3">
        <div className="font-medium">{letter.name}</div>
        <div className="font-mono text-xs text-muted-foreground">{letter.queue}</div>
      </td>
      <td className="max-w-md py-2 pr-3 break-words text-negative">{letter.error}</td>
      <td className="py-2 pr-3 tabular-nums">{letter.attempts}</td>
      <td className="py-2 pr-3 whitespace-nowrap">{when(letter.failedAt)}</td>
      <td className="py-2">
        <div className="flex flex-col items-end gap-1">
          <div className="flex gap-2">
            <Button size="sm" variant="outline" disabled={retry.isPending} onClick={() => retry.mutate(letter.id)}>
              <RotateCcw aria-hidden="true" /> Retry
            </Button>
            <Button size="sm" variant="ghost" disabled={remove.isPending} onClick={() => remove.mutate(letter.id)}>
              <Trash2 aria-hidden="true" /> Discard
            </Button>
          </div>
          <ActionError error={retry.error ?? remove.error} />
        </div>
      </td>
    </tr>
  );
}

/**
 * The Jobs page (ADMIN): queues with counts by state, the jobs behind each count with retry and remove, the
 * dead-letter list and the cron schedules. Live `job.updated` events keep it current.
 */
export function JobsPage() {
  const overview = useJobsOverview();
  const [selected, setSelected] = useState<{ queue: string; state: JobStateName }>();
  const current = selected ?? (overview.data?.queues[0] ? { queue: overview.data.queues[0].queue, state: 'failed' as const } : undefined);

  return (
    <div className="space-y-4 sm:space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">Background jobs</h1>
          <p className="text-sm text-muted-foreground">Queues, failures, the dead-letter list and scheduled jobs</p>
        </div>
        <div className="flex items-center gap-2">
          {overview.data ? <Badge variant="secondary">{overview.data.provider === 'bullmq' ? 'BullMQ on Redis' : 'Embedded (database)'}</Badge> : null}
          {overview.isFetching ? <Loader2 className="size-4 animate-spin text-muted-foreground" aria-label="Refreshing" /> : null}
        </div>
      </div>

      {overview.error ? <ErrorState title="Could not load the job queues" error={overview.error} onRetry={() => void overview.refetch()} /> : null}
      {overview.isPending ? <Skeleton className="h-40 w-full" /> : null}

      {overview.data ? (
        <>
          <section aria-labelledby="queues-title" className="space-y-3">
            <h2 id="queues-title" className="text-base font-semibold">
              Queues
            </h2>
            <QueueCards overview={overview.data} selected={current} onSelect={(queue, state) => setSelected({ queue, state })} />
          </section>

          {current ? (
            <Card>
              <CardHeader>
                <CardTitle>
                  {states.find((s) => s.state === current.state)?.label} jobs in <span className="font-mono">{current.queue}</span>
                </CardTitle>
              </CardHeader>
              <CardContent>
                <JobTable queue={current.queue} state={current.state} />
              </CardContent>
            </Card>
          ) : null}

          <Card>
            <CardHeader>
              <CardTitle className="flex items-center gap-2">
                <Inbox className="size-4" aria-hidden="true" /> Dead-letter list
              </CardTitle>
              <CardDescription>Jobs that failed their last attempt (or carried an invalid payload), kept for investigation.</CardDescription>
            </CardHeader>
            <CardContent>
              {overview.data.deadLetters.length === 0 ? (
                <EmptyState title="No dead letters" />
              ) : (
                <div className="overflow-x-auto">
                  <table className="w-full text-sm">
                    <thead className="text-left text-xs text-muted-foreground">
                      <tr>
                        <th className="py-2 pr-3 font-medium">Job</th>
                        <th className="py-2 pr-3 font-medium">Error</th>
                        <th className="py-2 pr-3 font-medium">Attempts</th>
                        <th className="py-2 pr-3 font-medium">Failed</th>
                        <th className="py-2 font-medium">
                          <span className="sr-only">Actions</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {overview.data.deadLetters.map((letter) => (
                        <DeadLetterRow key={letter.id} letter={letter} />
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle className="flex items-center gap-2">
                <CalendarClock className="size-4" aria-hidden="true" /> Scheduled jobs
              </CardTitle>
            </CardHeader>
            <CardContent>
              {overview.data.schedules.length === 0 ? (
                <EmptyState title="No scheduled jobs" />
              ) : (
                <div className="overflow-x-auto">
                  <table className="w-full text-sm">
                    <thead className="text-left text-xs text-muted-foreground">
                      <tr>
                        <th className="py-2 pr-3 font-medium">Schedule</th>
                        <th className="py-2 pr-3 font-medium">Cron (UTC)</th>
                        <th className="py-2 pr-3 font-medium">Next run</th>
                        <th className="py-2 font-medium">Last run</th>
                      </tr>
                    </thead>
                    <tbody>
                      {overview.data.schedules.map((s) => (
                        <tr key={s.id} className="border-t" data-testid="schedule-row">
                          <td className="py-2 pr-3">
                            <div className="font-medium">{s.name}</div>
                            <div className="font-mono text-xs text-muted-foreground">{s.id}</div>
                          </td>
                          <td className="py-2 pr-3 font-mono">{s.cron}</td>
                          <td className="py-2 pr-3 whitespace-nowrap">{when(s.nextRunAt)}</td>
                          <td className="py-2 whitespace-nowrap">{when(s.lastRunAt)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </CardContent>
          </Card>
        </>
      ) : null}
    </div>
  );
}
