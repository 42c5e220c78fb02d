import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ImportMapping, importMappingSchema } from '@sentia/contracts/imports';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../http/app-error.ts';

/** An uploaded file spooled to a private temporary directory. */
export interface StoredUpload {
  dir: string;
  path: string;
  fileName: string;
  bytes: number;
  sha256: string;
  mapping: ImportMapping;
  /** Deletes the directory and everything in it. */
  discard(): Promise<void>;
}

/**
 * Streams the multipart upload (one `file` part, an optional `mapping` JSON field) to a temporary file, hashing
 * it on the way; a file over `maxBytes` is refused with 413 and nothing is kept. Spooling to disk keeps memory
 * flat and lets validation and the write pass read the file twice without holding a database transaction open
 * while a slow client uploads.
 */
export async function receiveUpload(request: FastifyRequest, maxBytes: number): Promise<StoredUpload> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Upload the file as multipart/form-data with a "file" part.');
  const dir = await mkdtemp(path.join(tmpdir(), 'sentia-import-'));
  const discard = () => rm(dir, { recursive: true, force: true });
  try {
    let mapping: ImportMapping = {};
    let stored: Omit<StoredUpload, 'mapping' | 'discard'> | undefined;
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname !== 'mapping') continue;
        const text = typeof part.value === 'string' ? part.value : '';
        let json: unknown;
        try {
          json = text.trim() === '' ? {} : JSON.parse(text);
        } catch {
          throw new AppError('VALIDATION_FAILED', 'The "mapping" field is not valid JSON.', { errors: [{ field: 'mapping', message: 'expected a JSON object of field → column header' }] });
        }
        const parsed = importMappingSchema.safeParse(json);
        if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'The "mapping" field must map field names to column headers.', { errors: [{ field: 'mapping', message: parsed.error.issues[0]?.message ?? 'invalid' }] });
        mapping = parsed.data;
        continue;
      }
      if (part.fieldname !== 'file' || stored) {
        part.file.resume();
        continue;
      }
      const fileName = path.basename(part.filename || 'upload').replace(/[^\w.\- ()]+/g, '_').slice(0, 120) || 'upload';
      const target = path.join(dir, 'upload.bin');
      const hash = createHash('sha256');
      let bytes = 0;
      try {
        await pipeline(
          part.file,
          new Transform({
            transform(chunk: Buffer, _enc, done) {
              bytes += chunk.length;
              hash.update(chunk);
              done(null, chunk);
            },
          }),
          createWriteStream(target),
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
        throw error;
      }
      if (part.file.truncated) throw tooLarge(maxBytes);
      stored = { dir, path: target, fileName, bytes, sha256: hash.digest('hex') };
    }
    if (!stored) throw new AppError('VALIDATION_FAILED', 'No file was uploaded.', { errors: [{ field: 'file', message: 'add the file as the "file" part' }] });
    if (stored.bytes === 0) throw new AppError('VALIDATION_FAILED', 'The uploaded file is empty.', { errors: [{ field: 'file', message: 'the file has no content' }] });
    return { ...stored, mapping, discard };
  } catch (error) {
    await discard();
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('BAD_REQUEST', 'Upload one file (and at most a mapping field).');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_PROTO_VIOLATION') throw new AppError('BAD_REQUEST', 'The upload is not valid multipart/form-data.');
    if (error instanceof Error && /Unexpected end of (form|multipart)|Malformed part header|Multipart: Boundary not found/i.test(error.message)) throw new AppError('BAD_REQUEST', 'The upload ended early or is malformed.');
    throw error;
  }
}

const tooLarge = (maxBytes: number) => new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; split it into smaller files.`);
