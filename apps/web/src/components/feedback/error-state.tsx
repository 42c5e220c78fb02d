import { AlertTriangle, RotateCw } from 'lucide-react';
import { Button } from '@/components/ui/button.tsx';
import { isApiError } from '@/lib/api-client.ts';
import { cn } from '@/lib/cn.ts';

function describe(error: unknown): string {
  if (isApiError(error, 403)) return 'Your role does not have access to this data.';
  if (isApiError(error)) return error.detail ?? error.title;
  return 'Something went wrong while loading this data.';
}

/** An inline error with the server's explanation and a retry button. */
export function ErrorState({ title = 'Could not load data', error, onRetry, className }: { title?: string; error: unknown; onRetry?: () => void; className?: string }) {
  return (
    <div role="alert" className={cn('flex flex-col items-start gap-3 rounded-md border border-destructive/30 bg-destructive/5 p-4 text-sm', className)}>
      <div className="flex gap-2">
        <AlertTriangle className="mt-0.5 size-4 shrink-0 text-destructive" aria-hidden="true" />
        <div>
          <p className="font-medium text-destructive">{title}</p>
          <p className="mt-1 text-muted-foreground">{describe(error)}</p>
        </div>
      </div>
      {onRetry && !isApiError(error, 403) ? (
        <Button variant="outline" size="sm" onClick={onRetry}>
          <RotateCw aria-hidden="true" />
          Retry
        </Button>
      ) : null}
    </div>
  );
}
