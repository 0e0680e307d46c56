import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { ImportRow } from './import-row.js';

/** Reads JSON lines one at a time (never the whole file); blank lines are skipped, a bad line is a row error. */
export async function* readJsonlRows(source: string | Readable): AsyncGenerator<ImportRow> {
  const input = typeof source === 'string' ? createReadStream(source, { encoding: 'utf8' }) : source;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const rawLine of lines) {
    lineNumber += 1;
    const line = lineNumber === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
    if (line.trim() === '') continue;
    yield parseJsonLine(line, lineNumber);
  }
}

function parseJsonLine(line: string, row: number): ImportRow {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return {
      row,
      problems: [{ field: '', rule: 'json_syntax', message: `not valid JSON: ${(error as Error).message}` }],
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      row,
      problems: [{ field: '', rule: 'json_object', message: 'each line must be one JSON object' }],
    };
  }
  return { row, input: value as Record<string, unknown> };
}
