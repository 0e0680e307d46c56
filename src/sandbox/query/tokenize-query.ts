import type { ComparisonOperator } from './ast.js';
import { parseInstant } from './parse-instant.js';
import { shorten } from './describe-token.js';
import { queryLimits } from './query-limits.js';
import { QuerySyntaxError, type QueryParameter } from './query-syntax-error.js';

export type Token =
  /** a field path or a keyword (`and`, `like`, `true`, `asc` …): which one is the parser's call */
  | { type: 'word'; text: string; position: number }
  | { type: 'operator'; text: ComparisonOperator; position: number }
  | { type: 'string'; value: string; position: number }
  | { type: 'number'; value: number; raw: string; position: number }
  | { type: 'datetime'; instant: number; raw: string; position: number }
  | { type: '(' | ')' | ','; position: number }
  | { type: 'end'; position: number };

const comparisonOperators = new Set<string>(['=', '!=', '<', '<=', '>', '>=']);
const operatorCharacters = /[=!<>~^*&|]/;
const wordStart = /[A-Za-z_]/;
const wordCharacter = /[A-Za-z0-9_]/;
const digit = /[0-9]/;
const whitespace = /\s/;

/** Splits one query parameter into tokens; every character outside quotes or brackets must belong to one. */
export function tokenizeQuery(input: string, parameter: QueryParameter): Token[] {
  if (input.length > queryLimits.maxInputLength) {
    throw new QuerySyntaxError(
      parameter,
      `Query is ${input.length} characters long; the limit is ${queryLimits.maxInputLength}`,
    );
  }
  const tokens: Token[] = [];
  let index = 0;
  const fail = (problem: string, position: number): never => {
    throw new QuerySyntaxError(parameter, problem, position);
  };

  while (index < input.length) {
    const char = input[index]!;
    const start = index;
    if (whitespace.test(char)) {
      index += 1;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ type: char, position: start });
      index += 1;
    } else if (char === '"' || char === "'") {
      const { value, next } = readQuoted(input, start, fail);
      tokens.push({ type: 'string', value, position: start });
      index = next;
    } else if (char === '[') {
      const close = input.indexOf(']', start + 1);
      if (close === -1) fail('Unterminated datetime starting', start);
      const raw = input.slice(start + 1, close).trim();
      const instant = parseInstant(raw);
      if (Number.isNaN(instant)) {
        fail(
          `Invalid datetime "${shorten(raw)}" (expected e.g. [2026-01-01T00:00:00Z] or [2026-01-01])`,
          start,
        );
      }
      tokens.push({ type: 'datetime', instant, raw, position: start });
      index = close + 1;
    } else if (digit.test(char) || (char === '-' && digit.test(input[index + 1] ?? ''))) {
      index = readNumber(input, start, tokens, fail);
    } else if (wordStart.test(char)) {
      index = readWord(input, start, tokens, fail);
    } else if (operatorCharacters.test(char)) {
      let end = start + 1;
      while (end < input.length && operatorCharacters.test(input[end]!)) end += 1;
      const text = input.slice(start, end);
      if (!comparisonOperators.has(text)) fail(`Unknown operator "${shorten(text)}"`, start);
      tokens.push({ type: 'operator', text: text as ComparisonOperator, position: start });
      index = end;
    } else {
      fail(`Unexpected character ${JSON.stringify(char)}`, start);
    }
  }
  tokens.push({ type: 'end', position: input.length });
  return tokens;
}

function readQuoted(
  input: string,
  start: number,
  fail: (problem: string, position: number) => never,
): { value: string; next: number } {
  const quote = input[start]!;
  let value = '';
  let index = start + 1;
  let chunkStart = index;
  while (index < input.length) {
    const char = input[index]!;
    if (char === '\\') {
      if (index + 1 >= input.length) break;
      value += input.slice(chunkStart, index) + input[index + 1];
      index += 2;
      chunkStart = index;
    } else if (char === quote) {
      return { value: value + input.slice(chunkStart, index), next: index + 1 };
    } else {
      index += 1;
    }
  }
  return fail('Unterminated string starting', start);
}

function readNumber(
  input: string,
  start: number,
  tokens: Token[],
  fail: (problem: string, position: number) => never,
): number {
  let end = start + 1;
  while (end < input.length && digit.test(input[end]!)) end += 1;
  if (input[end] === '.' && digit.test(input[end + 1] ?? '')) {
    end += 2;
    while (end < input.length && digit.test(input[end]!)) end += 1;
  }
  if (end < input.length && (wordCharacter.test(input[end]!) || input[end] === '.')) {
    let badEnd = end;
    while (badEnd < input.length && /[A-Za-z0-9_.]/.test(input[badEnd]!)) badEnd += 1;
    fail(`Invalid number "${shorten(input.slice(start, badEnd))}"`, start);
  }
  const raw = input.slice(start, end);
  tokens.push({ type: 'number', value: Number(raw), raw, position: start });
  return end;
}

function readWord(
  input: string,
  start: number,
  tokens: Token[],
  fail: (problem: string, position: number) => never,
): number {
  let end = start + 1;
  for (;;) {
    while (end < input.length && wordCharacter.test(input[end]!)) end += 1;
    if (input[end] !== '/') break;
    if (!wordCharacter.test(input[end + 1] ?? '')) {
      fail(`Expected a field name after "/"`, end + 1);
    }
    end += 1;
  }
  tokens.push({ type: 'word', text: input.slice(start, end), position: start });
  return end;
}
