import { Loader2 } from 'lucide-react';

/** Shown while a lazily loaded route module arrives on the first page load. */
export function RouteFallback() {
  return (
    <div className="flex min-h-dvh items-center justify-center" role="status">
      <Loader2 className="size-6 animate-spin text-muted-foreground" aria-hidden="true" />
      <span className="sr-only">Loading…</span>
    </div>
  );
}
