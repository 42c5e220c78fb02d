import { useState } from 'react';
import { isApiError } from '@/lib/api-client.ts';

/**
 * Field errors of a form backed by one mutation: the server's problem+json field errors merged with the ones the
 * form finds itself, and a general error when the server's problem names none of the fields shown inline.
 * `check(found)` shows the form's own findings and focuses the first offending field (ids `${idPrefix}-${field}`);
 * it returns true when there are none and the mutation may run.
 */
export function useFieldErrors(mutation: { error: unknown; reset: () => void }, options: { idPrefix: string; inlineFields: readonly string[]; fallback: string }) {
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const serverErrors: Record<string, string> = isApiError(mutation.error) ? mutation.error.fieldErrors : {};
  const errors: Record<string, string | undefined> = { ...serverErrors, ...localErrors };
  const generalError =
    mutation.error && !options.inlineFields.some((f) => serverErrors[f]) ? (isApiError(mutation.error) ? (mutation.error.detail ?? mutation.error.title) : options.fallback) : null;
  const check = (found: Record<string, string>): boolean => {
    setLocalErrors(found);
    const first = Object.keys(found)[0];
    if (first === undefined) return true;
    mutation.reset();
    document.getElementById(`${options.idPrefix}-${first}`)?.focus();
    return false;
  };
  return { errors, generalError, check };
}
