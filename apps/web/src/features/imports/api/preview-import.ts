import { importReportSchema, type ImportEntity, type ImportReport } from '@sentia/contracts/imports';
import { useMutation } from '@tanstack/react-query';
import { postImportFile } from './post-import-file.ts';

export interface ImportUpload {
  entity: ImportEntity;
  file: File;
  /** Field → column header chosen by the user (null: ignore the field). */
  mapping: Record<string, string | null>;
}

/** Dry run: the server validates the file and answers counts, mapping, sample rows and errors; nothing is written. */
export async function previewImport({ entity, file, mapping }: ImportUpload): Promise<ImportReport> {
  const response = await postImportFile(entity, 'preview', file, mapping);
  return importReportSchema.parse(await response.json());
}

export function usePreviewImport() {
  return useMutation({ mutationFn: previewImport });
}
