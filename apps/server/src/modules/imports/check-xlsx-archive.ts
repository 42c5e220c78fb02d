import yauzl from 'yauzl';
import { UnreadableFileError } from './unreadable-file-error.ts';

/** Expanded size an xlsx may claim; beyond it the archive is a zip bomb or far larger than any import. */
const MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

/**
 * Reads the zip's central directory (from the end of the file) before any streaming: a truncated or damaged
 * archive, a zip bomb, or a zip that is not a workbook is refused here, because the streaming unzip used for
 * the rows cannot see the directory and can wait forever on a truncated entry.
 */
export async function checkXlsxArchive(path: string): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, file) => (err ? reject(err) : resolve(file))),
  ).catch((err: unknown) => {
    throw new UnreadableFileError(`the .xlsx archive is damaged or truncated (${(err as Error).message.slice(0, 120)})`);
  });
  try {
    if (zip.entryCount > MAX_ENTRIES) throw new UnreadableFileError('the .xlsx archive has too many entries');
    let total = 0;
    let hasWorkbook = false;
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        total += entry.uncompressedSize;
        if (entry.fileName === 'xl/workbook.xml') hasWorkbook = true;
        if (total > MAX_UNCOMPRESSED_BYTES) return reject(new UnreadableFileError('the .xlsx expands to more than 512 MB'));
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (err: Error) => reject(new UnreadableFileError(`the .xlsx archive is damaged (${err.message.slice(0, 120)})`)));
      zip.readEntry();
    });
    if (!hasWorkbook) throw new UnreadableFileError('the zip file is not an Excel workbook (no xl/workbook.xml)');
  } finally {
    zip.close();
  }
}
