import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parseJsonBytes } from '../store/parse-json-input.js';
import { ImportFileError } from './import-file-error.js';
import type { ImportRow } from './import-row.js';

const newline = 0x0a;
const carriageReturn = 0x0d;
const byteOrderMark = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Reads JSON lines one at a time (never the whole file); blank lines are skipped, a bad line is a row error.
 * Lines are split as bytes and each is decoded strictly, so bytes that are not UTF-8 are that line's error (naming
 * the field), never silently replaced. A file that starts with `[` is a JSON array, not JSON lines: it is
 * refused before any row is read, since read line by line its last element would look like a row of its own.
 */
export async function* readJsonlRows(source: string | Readable): AsyncGenerator<ImportRow> {
  const input = typeof source === 'string' ? createReadStream(source) : source;
  let lineNumber = 0;
  let sawContent = false;
  for await (const rawLine of splitLines(input)) {
    lineNumber += 1;
    const line = lineNumber === 1 && startsWith(rawLine, byteOrderMark) ? rawLine.subarray(3) : rawLine;
    const text = line.toString('latin1').trim();
    if (text === '') continue;
    if (!sawContent && text.startsWith('[')) {
      throw new ImportFileError(
        `line ${lineNumber} starts a JSON array; import reads JSON lines, one object per line ` +
          `(e.g. jq -c '.[]' file.json > file.jsonl)`,
      );
    }
    sawContent = true;
    yield parseJsonLine(line, lineNumber);
  }
}

function parseJsonLine(line: Buffer, row: number): ImportRow {
  const parsed = parseJsonBytes(line);
  if (!parsed.ok) {
    return {
      row,
      problems: parsed.issues.map((issue) => ({
        field: issue.path,
        rule: issue.rule,
        message: issue.message,
      })),
    };
  }
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      row,
      problems: [{ field: '', rule: 'json_object', message: 'each line must be one JSON object' }],
    };
  }
  return { row, input: value as Record<string, unknown> };
}

/** The lines of a byte stream, without their line break (`\n` or `\r\n`). */
async function* splitLines(input: Readable): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    let buffer = Buffer.concat([rest, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]);
    for (let end = buffer.indexOf(newline); end !== -1; end = buffer.indexOf(newline)) {
      yield withoutCarriageReturn(buffer.subarray(0, end));
      buffer = buffer.subarray(end + 1);
    }
    rest = buffer;
  }
  if (rest.length > 0) yield withoutCarriageReturn(rest);
}

function withoutCarriageReturn(line: Buffer): Buffer {
  return line.at(-1) === carriageReturn ? line.subarray(0, -1) : line;
}

function startsWith(line: Buffer, prefix: Buffer): boolean {
  return line.length >= prefix.length && line.subarray(0, prefix.length).equals(prefix);
}
