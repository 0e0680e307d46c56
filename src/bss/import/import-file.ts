import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { entitySchemas } from '../records/index.js';
import type { RecordStore } from '../store/types.js';
import { ImportFileError } from './import-file-error.js';
import { importRecords, type ImportProgress, type ImportSummary } from './import-records.js';
import type { ImportRow } from './import-row.js';
import { inferImportSource, type ImportFormat } from './infer-import-source.js';
import { mapCsvColumns } from './map-csv-columns.js';
import { readCsvRows } from './read-csv-rows.js';
import { readJsonlRows } from './read-jsonl-rows.js';

export interface ImportFileOptions {
  store: Pick<RecordStore, 'writeBatch' | 'get'>;
  path: string;
  entity?: string;
  format?: string;
  dryRun?: boolean;
  batchSize?: number;
  onStart?: (file: { entity: string; format: ImportFormat; totalBytes: number }) => void;
  onProgress?: (progress: ImportProgress & { bytesRead: number }) => void;
}

export interface ImportFileSummary extends ImportSummary {
  file: string;
  format: ImportFormat;
}

/** `cwsync import <file>`: the entity and format from the options or the file name, then a streamed import. */
export async function importFile(options: ImportFileOptions): Promise<ImportFileSummary> {
  const { entity, format } = inferImportSource(options.path, {
    entity: options.entity,
    format: options.format,
  });
  const totalBytes = await sizeOf(options.path);
  options.onStart?.({ entity, format, totalBytes });
  const input = createReadStream(options.path);
  let bytesRead = 0;
  input.on('data', (chunk) => (bytesRead += chunk.length));
  const rows: AsyncIterable<ImportRow> =
    format === 'csv'
      ? readCsvRows(input, (header) => mapCsvColumns(entitySchemas[entity], header))
      : readJsonlRows(input);
  try {
    const summary = await importRecords({
      store: options.store,
      entity,
      rows,
      actor: `import:${basename(options.path)}`,
      ...(options.dryRun === undefined ? {} : { dryRun: options.dryRun }),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      onProgress: (progress) => options.onProgress?.({ ...progress, bytesRead }),
    });
    return { file: options.path, format, ...summary };
  } finally {
    input.destroy();
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ImportFileError(`${path} is not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
