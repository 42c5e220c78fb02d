import { importCommitResultSchema, type ImportCommitResult } from '@sentia/contracts/imports';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { postImportFile } from './post-import-file.ts';
import type { ImportUpload } from './preview-import.ts';

/** Imports the file in one transaction: all rows or, on any error, none. */
export async function commitImport({ entity, file, mapping }: ImportUpload): Promise<ImportCommitResult> {
  const response = await postImportFile(entity, 'commit', file, mapping);
  return importCommitResultSchema.parse(await response.json());
}

export function useCommitImport() {
  const queryClient = useQueryClient();
  // Imported orders, stock and master data feed every page: refetch whatever is cached.
  return useMutation({ mutationFn: commitImport, onSuccess: () => queryClient.invalidateQueries() });
}
