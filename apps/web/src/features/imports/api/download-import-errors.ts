import { useMutation } from '@tanstack/react-query';
import { postImportFile } from './post-import-file.ts';
import type { ImportUpload } from './preview-import.ts';

/** Fetches the full error report (CSV: row, column, value, message) and hands it to the browser as a download. */
export async function downloadImportErrors({ entity, file, mapping }: ImportUpload): Promise<void> {
  const response = await postImportFile(entity, 'errors.csv', file, mapping);
  const blob = await response.blob();
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'import-errors.csv';
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useDownloadImportErrors() {
  return useMutation({ mutationFn: downloadImportErrors });
}
