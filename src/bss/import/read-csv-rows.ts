import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { CsvError } from 'csv-parse';
import { parse } from 'csv-parse';
import type { ImportRow } from './import-row.js';
import type { CsvRowMapper } from './map-csv-columns.js';

/**
 * Streams a CSV file with a header row. The header goes to `createMapper` (which may refuse it, stopping the
 * import); every other record becomes a row numbered by the line it starts on. A malformed record (bad quoting,
 * wrong number of cells) is a row error, not the end of the import.
 */
export async function* readCsvRows(
  source: string | Readable,
  createMapper: (header: string[]) => CsvRowMapper,
): AsyncGenerator<ImportRow> {
  const input = typeof source === 'string' ? createReadStream(source) : source;
  const sawInvalidUtf8 = watchForInvalidUtf8(input);
  const skipped: ImportRow[] = [];
  const parser = input.pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        if (error) skipped.push(describeCsvError(error));
      },
    }),
  );
  input.on('error', (error: Error) => parser.destroy(error));

  let mapper: CsvRowMapper | undefined;
  let width = 0;
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    yield* skipped.splice(0);
    const row = info.lines - countLineBreaks(record);
    if (!mapper) {
      mapper = createMapper(record);
      width = record.length;
      continue;
    }
    if (record.length !== width) {
      yield {
        row,
        problems: [
          {
            field: '',
            rule: 'csv_column_count',
            message: `has ${record.length} cells, the header has ${width}`,
          },
        ],
      };
      continue;
    }
    const undecodable = sawInvalidUtf8()
      ? record.flatMap((cell, index) => (cell.includes('\uFFFD') ? [index] : []))
      : [];
    if (undecodable.length > 0) {
      yield {
        row,
        problems: undecodable.map((index) => ({
          field: mapper!.fieldAt(index) ?? '',
          rule: 'utf8',
          message: 'must be valid UTF-8: it has a byte sequence that UTF-8 does not allow',
        })),
      };
      continue;
    }
    yield mapper.mapRow(record, row);
  }
  yield* skipped.splice(0);
}

/**
 * Whether the bytes read so far hold a sequence that is not UTF-8. The parser decodes leniently (each bad sequence
 * becomes U+FFFD); this listener sees every chunk before the parser does, so once it has seen one, a cell holding
 * U+FFFD is one the file did not really say.
 */
function watchForInvalidUtf8(input: Readable): () => boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let invalid = false;
  const check = (chunk: Buffer | string) => {
    if (invalid || typeof chunk === 'string') return;
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      invalid = true;
    }
  };
  input.prependListener('data', check);
  input.once('end', () => {
    try {
      decoder.decode();
    } catch {
      invalid = true;
    }
  });
  return () => invalid;
}

function countLineBreaks(cells: string[]): number {
  let count = 0;
  for (const cell of cells) count += cell.match(/\r\n|\n|\r/g)?.length ?? 0;
  return count;
}

function describeCsvError(error: CsvError): ImportRow {
  const lines = (error as CsvError & { lines?: number }).lines ?? 0;
  const rule = `csv_${error.code.replace(/^CSV_/, '').toLowerCase()}`;
  return { row: lines, problems: [{ field: '', rule, message: error.message }] };
}
