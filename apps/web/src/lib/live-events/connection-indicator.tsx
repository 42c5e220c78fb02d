import { CloudOff, Loader2, RefreshCw, Radio } from 'lucide-react';
import { useEffect, useState } from 'react';
import { cn } from '@/lib/cn.ts';
import type { LiveStatus } from './live-events-client.ts';
import { useLiveStatus } from './use-live-events.ts';

const looks: Record<LiveStatus, { label: string; icon: typeof Radio; tone: string; dot: string }> = {
  connected: { label: 'Live', icon: Radio, tone: 'text-positive', dot: 'bg-positive' },
  connecting: { label: 'Connecting', icon: Loader2, tone: 'text-muted-foreground', dot: 'bg-muted-foreground' },
  reconnecting: { label: 'Reconnecting', icon: RefreshCw, tone: 'text-warning', dot: 'bg-warning' },
  polling: { label: 'Polling', icon: RefreshCw, tone: 'text-warning', dot: 'bg-warning' },
  offline: { label: 'Offline', icon: CloudOff, tone: 'text-negative', dot: 'bg-negative' },
};

const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function ago(date: Date, now: number): string {
  const seconds = Math.max(0, Math.round((now - date.getTime()) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  return `${Math.floor(seconds / 60)} min ago`;
}

/** Connection state of live updates (words and icon, not colour alone) and when data last arrived. */
export function ConnectionIndicator({ className }: { className?: string }) {
  const { status, lastUpdatedAt, reason } = useLiveStatus();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 5000);
    return () => window.clearInterval(timer);
  }, []);
  const look = looks[status];
  const Icon = look.icon;
  const updated = lastUpdatedAt ? `updated ${ago(lastUpdatedAt, now)}` : 'waiting for data';
  const title = [
    status === 'connected' ? 'Receiving live updates' : reason ? `Live updates: ${reason}` : `Live updates: ${look.label.toLowerCase()}`,
    lastUpdatedAt ? `Last update ${timeFormat.format(lastUpdatedAt)}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <span
      role="status"
      aria-live="polite"
      data-testid="live-status"
      data-status={status}
      title={title}
      className={cn('inline-flex items-center gap-1.5 rounded-full border bg-card px-2.5 py-1 text-xs font-medium', className)}
    >
      <span className={cn('size-2 rounded-full', look.dot)} aria-hidden="true" />
      <Icon className={cn('size-3.5', look.tone, status === 'connecting' && 'animate-spin')} aria-hidden="true" />
      <span className={look.tone}>{look.label}</span>
      <span className="hidden text-muted-foreground md:inline">· {updated}</span>
      <span className="sr-only md:hidden">, {updated}</span>
    </span>
  );
}
