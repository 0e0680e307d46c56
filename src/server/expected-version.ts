import type { FastifyRequest } from 'fastify';
import { InvalidQueryError } from '../bss/store/index.js';

/**
 * The version a writer expects: the `If-Match` header (an ETag such as `"3"`) or, failing that, `version` in the
 * body. Both given and different is a client mistake, not a guess to make.
 */
export function expectedVersionOf(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  const fromHeader = header === undefined ? undefined : parseIfMatch(String(header));
  const body = request.body as { version?: unknown } | undefined;
  const fromBody =
    typeof body === 'object' && body !== null && Number.isInteger(body.version)
      ? (body.version as number)
      : undefined;
  if (fromHeader !== undefined && fromBody !== undefined && fromHeader !== fromBody) {
    throw new InvalidQueryError([
      {
        path: 'If-Match',
        rule: 'matchesBodyVersion',
        message: `says version ${fromHeader} but the body says ${fromBody}`,
        received: header,
      },
    ]);
  }
  return fromHeader ?? fromBody;
}

function parseIfMatch(value: string): number {
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value);
  if (match === null || Number(match[1]) < 1) {
    throw new InvalidQueryError([
      { path: 'If-Match', rule: 'version', message: 'must be a record version, e.g. "3"', received: value },
    ]);
  }
  return Number(match[1]);
}

export function etagOf(version: number): string {
  return `"${version}"`;
}
