import { isApiError } from '@/lib/api-client.ts';

/** The reason an admin action failed, in the server's words (a refused or cancelled step-up included). */
export function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  const message = isApiError(error) ? (error.detail ?? error.title) : error instanceof Error ? error.message : 'The action failed.';
  return (
    <p role="alert" className="text-sm text-negative">
      {message}
    </p>
  );
}
