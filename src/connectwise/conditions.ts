/**
 * ConnectWise `conditions` strings built so that a value can never change the shape of a query: field paths
 * are checked against a strict pattern, operators come from a closed list, and every value is rendered as a
 * literal (quoted string, number, boolean, null, [datetime] or a parenthesised list).
 */
export type ConditionValue = string | number | boolean | null | Date;
export type ComparisonOperator =
  '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like' | 'not like' | 'contains' | 'not contains';
export type ListOperator = 'in' | 'not in';

type Shape = 'clause' | 'and' | 'or' | 'template';

const fieldPathPattern = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;
const comparisonOperators = new Set<string>([
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'like',
  'not like',
  'contains',
  'not contains',
]);
const listOperators = new Set<string>(['in', 'not in']);

/** Only the builders in this file can make a Condition, so its text is always well-formed. */
const builderToken: unique symbol = Symbol('condition builder');

export class Condition {
  constructor(
    token: typeof builderToken,
    readonly text: string,
    private readonly shape: Shape,
  ) {
    if (token !== builderToken) throw new TypeError('build conditions with where() or conditions``');
  }

  and(...others: Condition[]): Condition {
    return Condition.join('and', [this, ...others]);
  }

  or(...others: Condition[]): Condition {
    return Condition.join('or', [this, ...others]);
  }

  toString(): string {
    return this.text;
  }

  private static join(joiner: 'and' | 'or', parts: Condition[]): Condition {
    const rendered = parts.map((part) =>
      part.needsParenthesesInside(joiner) ? `(${part.text})` : part.text,
    );
    return new Condition(builderToken, rendered.join(` ${joiner} `), joiner);
  }

  private needsParenthesesInside(joiner: 'and' | 'or'): boolean {
    return this.shape === 'template' || (this.shape !== 'clause' && this.shape !== joiner);
  }
}

export function where(field: string, operator: ComparisonOperator, value: ConditionValue): Condition;
export function where(field: string, operator: ListOperator, values: readonly ConditionValue[]): Condition;
export function where(
  field: string,
  operator: ComparisonOperator | ListOperator,
  value: ConditionValue | readonly ConditionValue[],
): Condition {
  assertFieldPath(field);
  if (listOperators.has(operator)) {
    if (!Array.isArray(value))
      throw new TypeError(`condition on ${field}: '${operator}' needs a list of values`);
    return new Condition(builderToken, `${field} ${operator} ${formatConditionList(value)}`, 'clause');
  }
  if (!comparisonOperators.has(operator)) {
    throw new TypeError(`condition on ${field}: unknown operator '${operator}'`);
  }
  if (Array.isArray(value))
    throw new TypeError(`condition on ${field}: '${operator}' takes one value, not a list`);
  return new Condition(
    builderToken,
    `${field} ${operator} ${formatConditionValue(value as ConditionValue)}`,
    'clause',
  );
}

/** All conditions joined with `and` (undefined when there are none). */
export function allOf(...parts: Array<Condition | undefined>): Condition | undefined {
  const present = parts.filter((part): part is Condition => part !== undefined);
  const [first, ...rest] = present;
  return first === undefined ? undefined : rest.length === 0 ? first : first.and(...rest);
}

/**
 * Tagged template: the literal text is code (the query's shape), each `${value}` becomes a literal.
 * `conditions\`company/identifier = ${identifier} and id in ${ids}\``
 */
export function conditions(
  strings: TemplateStringsArray,
  ...values: Array<ConditionValue | readonly ConditionValue[]>
): Condition {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text +=
      (Array.isArray(value) ? formatConditionList(value) : formatConditionValue(value as ConditionValue)) +
      (strings[index + 1] ?? '');
  });
  return new Condition(builderToken, text.trim(), 'template');
}

export function formatConditionValue(value: ConditionValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`condition value ${value} is not a finite number`);
    return String(value);
  }
  if (value instanceof Date) return formatConditionDate(value);
  if (typeof value === 'string') return quoteConditionString(value);
  throw new TypeError(`condition value of type ${typeof value} is not supported`);
}

/**
 * Double quotes unless the value holds `"` but no `'`, then single quotes, so a quote never needs escaping
 * in the common cases; only a value holding both gets `\"`. Backslashes are always doubled, because the
 * parser reads `\` as an escape (ConnectWise's own handling of it is unverified).
 */
export function quoteConditionString(value: string): string {
  const escapedBackslashes = value.replace(/\\/g, '\\\\');
  const hasDouble = value.includes('"');
  const hasSingle = value.includes("'");
  if (hasDouble && !hasSingle) return `'${escapedBackslashes}'`;
  if (hasDouble) return `"${escapedBackslashes.replace(/"/g, '\\"')}"`;
  return `"${escapedBackslashes}"`;
}

/** `[2026-01-01T00:00:00Z]`, to the second (milliseconds dropped), in UTC. */
export function formatConditionDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError('condition value is an invalid Date');
  return `[${date.toISOString().replace(/\.\d{3}Z$/, 'Z')}]`;
}

function formatConditionList(values: readonly ConditionValue[]): string {
  if (values.length === 0) throw new TypeError("an 'in' condition needs at least one value");
  return `(${values.map(formatConditionValue).join(',')})`;
}

function assertFieldPath(field: string): void {
  if (!fieldPathPattern.test(field)) {
    throw new TypeError(
      `condition field '${field}' is not a field path (letters, digits and _, segments joined by /)`,
    );
  }
}

/**
 * Splits `field in (…)` over many ids into conditions whose URL-encoded text stays under `maxEncodedLength`,
 * so every request URL stays under ConnectWise's ~2000 characters.
 */
export function splitIdsIntoConditions(
  ids: readonly number[],
  options: { field?: string; maxEncodedLength?: number } = {},
): Condition[] {
  const field = options.field ?? 'id';
  const budget = options.maxEncodedLength ?? 1500;
  assertFieldPath(field);
  const overhead = encodeURIComponent(`${field} in ()`).length;
  const chunks: number[][] = [];
  let current: number[] = [];
  let length = overhead;
  for (const id of ids) {
    if (!Number.isInteger(id)) throw new TypeError(`id ${id} is not an integer`);
    const added = String(id).length + (current.length > 0 ? 3 : 0); // "%2C" per comma
    if (current.length > 0 && length + added > budget) {
      chunks.push(current);
      current = [];
      length = overhead;
    }
    length += String(id).length + (current.length > 0 ? 3 : 0);
    current.push(id);
  }
  if (current.length > 0) chunks.push(current);
  return chunks.map((chunk) => where(field, 'in', chunk));
}
