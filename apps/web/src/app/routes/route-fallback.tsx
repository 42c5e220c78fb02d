import { Loader2 } from 'lucide-react';

/** A whole-page spinner: a lazily loaded route arriving, or the session being checked (`label` is read out). */
export function RouteFallback({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="flex min-h-dvh items-center justify-center" role="status">
      <Loader2 className="size-6 animate-spin text-muted-foreground" aria-hidden="true" />
      <span className="sr-only">{label}</span>
    </div>
  );
}
