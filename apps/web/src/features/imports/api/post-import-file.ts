import { problemSchema } from '@sentia/contracts/common';
import type { ImportEntity } from '@sentia/contracts/imports';
import { ApiError } from '@/lib/api-client.ts';

export type ImportAction = 'preview' | 'commit' | 'errors.csv';

/**
 * Uploads the file as multipart/form-data (the JSON api client does not do uploads) with the user's column
 * mapping, and turns a problem+json answer into an ApiError like every other call.
 */
export async function postImportFile(entity: ImportEntity, action: ImportAction, file: File, mapping: Record<string, string | null>): Promise<Response> {
  const form = new FormData();
  form.set('mapping', JSON.stringify(mapping));
  form.set('file', file, file.name);
  const response = await fetch(`/api/imports/${entity}/${action}`, { method: 'POST', body: form, credentials: 'same-origin', headers: { accept: action === 'errors.csv' ? 'text/csv' : 'application/json' } });
  if (response.ok) return response;
  const text = await response.text().catch(() => '');
  let problem: ReturnType<typeof problemSchema.safeParse> | undefined;
  try {
    problem = problemSchema.safeParse(JSON.parse(text));
  } catch {
    problem = undefined;
  }
  throw new ApiError(response.status, problem?.success ? problem.data : { title: response.statusText || `HTTP ${response.status}` });
}
