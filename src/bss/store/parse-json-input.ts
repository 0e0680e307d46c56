import type { ValidationIssue } from './errors.js';
import { formatPath } from './record-paths.js';

/** No record nests deeper than a few levels; a deeper body is refused before anything walks it recursively. */
export const maxBodyDepth = 16;

/** Rules of JSON text that could not be read at all (as opposed to JSON that reads but breaks a rule). */
export const unreadableJsonRules: ReadonlySet<string> = new Set(['json_syntax', 'utf8', 'empty']);

export type JsonInput = { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] };

/** Enough to show what is wrong without echoing a whole hostile body. */
const maxIssues = 20;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');
// With the `u` flag a surrogate pair is one code point: only a surrogate without its pair matches.
const loneSurrogate = /[\uD800-\uDFFF]/u;

/**
 * Reads client-sent JSON bytes (an API body, a line of an import file) strictly: valid UTF-8 (a byte-order mark is
 * skipped), valid JSON, nested at most `maxBodyDepth` deep, no lone surrogate, no NUL character (PostgreSQL text
 * cannot hold it) and no `__proto__` key (nor `constructor.prototype`). Every problem names where it is, so a
 * person can fix it; nothing here recurses, so no body can exhaust the stack.
 */
export function parseJsonBytes(bytes: Uint8Array): JsonInput {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { ok: false, issues: locateInvalidUtf8(lossyUtf8.decode(bytes)) };
  }
  return parseJsonText(text);
}

/** As `parseJsonBytes`, for text already decoded. */
export function parseJsonText(text: string): JsonInput {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      issues: [{ path: '', rule: 'json_syntax', message: `not valid JSON: ${(error as Error).message}` }],
    };
  }
  const issues = findJsonIssues(value);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

/**
 * Where the bytes that are not UTF-8 are: the fields whose text holds a replacement character once decoded
 * leniently, or the body itself when they are outside any string.
 */
function locateInvalidUtf8(lenient: string): ValidationIssue[] {
  const whole: ValidationIssue[] = [
    {
      path: '',
      rule: 'utf8',
      message: 'not valid UTF-8: it has a byte sequence that UTF-8 does not allow',
    },
  ];
  let value: unknown;
  try {
    value = JSON.parse(lenient);
  } catch {
    return whole;
  }
  const found: ValidationIssue[] = [];
  walk(value, (segments, text, isKey) => {
    if (text.includes('\uFFFD')) {
      found.push({
        path: formatPath(segments),
        rule: 'utf8',
        message: isKey
          ? 'must not have a key that is not valid UTF-8'
          : 'must be valid UTF-8: it has a byte sequence that UTF-8 does not allow',
      });
    }
    return found.length < maxIssues;
  });
  return found.length > 0 ? found : whole;
}

/** What makes parsed JSON unsafe to keep or walk: too deep, a lone surrogate, a NUL character, `__proto__`. */
export function findJsonIssues(value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  walk(
    value,
    (segments, text, isKey) => {
      const path = formatPath(segments);
      if (isKey && (text === '__proto__' || (text === 'prototype' && segments.at(-2) === 'constructor'))) {
        issues.push({ path, rule: 'forbiddenKey', message: 'is not allowed as a key' });
      }
      if (loneSurrogate.test(text)) {
        issues.push({
          path,
          rule: 'noLoneSurrogate',
          message: isKey
            ? 'must not have a key with a lone surrogate (half of a UTF-16 pair, e.g. \\ud800)'
            : 'must not contain a lone surrogate (half of a UTF-16 pair, e.g. \\ud800)',
        });
      }
      if (text.includes('\u0000')) {
        issues.push({
          path,
          rule: 'noNulCharacter',
          message: isKey
            ? 'must not have a key with the NUL character'
            : 'must not contain the NUL character',
        });
      }
      return issues.length < maxIssues;
    },
    (segments) => {
      issues.push({
        path: formatPath(segments),
        rule: 'maxDepth',
        message: `must not nest objects and arrays more than ${maxBodyDepth} deep`,
      });
      return issues.length < maxIssues;
    },
  );
  return issues;
}

/**
 * Visits every key and string (depth first, without recursion). `visit` gets the path (a key's own path ends
 * with the key) and returns false to stop; `tooDeep` is told of each container nested past `maxBodyDepth`,
 * which is not entered.
 */
function walk(
  root: unknown,
  visit: (segments: Array<string | number>, text: string, isKey: boolean) => boolean,
  tooDeep: (segments: Array<string | number>) => boolean = () => true,
): void {
  const pending: Array<{ value: unknown; segments: Array<string | number> }> = [
    { value: root, segments: [] },
  ];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, segments } = next;
    if (typeof value === 'string') {
      if (!visit(segments, value, false)) return;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (segments.length >= maxBodyDepth) {
      if (!tooDeep(segments)) return;
      continue;
    }
    const isArray = Array.isArray(value);
    const entries = Object.entries(value);
    if (!isArray) {
      for (const [key] of entries) if (!visit([...segments, key], key, true)) return;
    }
    // Pushed last first, so members are visited in order.
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, member] = entries[index]!;
      pending.push({ value: member, segments: [...segments, isArray ? index : key] });
    }
  }
}
