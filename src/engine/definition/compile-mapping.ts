import {
  compileExpression,
  DefinitionError,
  toPlainJson,
  type CompiledExpression,
} from './compile-expression.js';
import { needsJsonata } from './simple-path.js';
import type { DirectionDefinition, FieldMapping } from './schema.js';

export interface CompiledAction {
  as: string;
  action: string;
  description: string;
  input: CompiledExpression;
  /** postSync: also after a create or a link */
  onCreate: boolean;
  lines?: CompiledLines;
}

/** The child lines of a post-synchronization action: the BSS items, each one's key and mapped body. */
export interface CompiledLines {
  items: CompiledExpression;
  fields: FieldMapping[];
  map(input: unknown): Promise<Record<string, unknown>>;
}

export interface CompiledDirection {
  fields: FieldMapping[];
  match: Array<{
    description: string;
    recordId?: CompiledExpression;
    fields?: Array<[string, CompiledExpression]>;
  }>;
  newRecordId?: CompiledExpression;
  /** named values derived from the mapping input before anything else runs, in order */
  derived: Array<[string, CompiledExpression]>;
  preSync: CompiledAction[];
  postSync: CompiledAction[];
  /** maps one input document to the other side's body: one evaluation for all fields */
  map(input: unknown): Promise<Record<string, unknown>>;
  /** `map(input)` where `previous` is the mapping of the same input before `link.self` was known */
  remapWithSelf(input: unknown, previous: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** the fields written on create only */
  createOnlyTargets: ReadonlySet<string>;
  /** the fields whose written value (not ConnectWise's answer) the link keeps */
  keepAsWrittenTargets: ReadonlySet<string>;
  /** the longest text each limited field takes (`maxLength`), checked before anything is written */
  maxLengths: ReadonlyMap<string, number>;
}

/** Maps one input document to a body, field by field in the definition's order. */
interface CompiledFields {
  evaluate(input: unknown): Promise<Record<string, unknown>>;
  /**
   * `previous` (this input's mapping before `link.self` was known) with only the fields that may read `link.self`
   * mapped again from `input`: the same body a whole mapping of `input` makes, for one evaluation of those fields.
   */
  remapWithSelf(input: unknown, previous: Record<string, unknown>): Promise<Record<string, unknown>>;
}

interface CompiledField {
  target: string;
  expression: CompiledExpression;
}

/**
 * Whether an expression may read `link.self`: it names `self`, or reaches `link` other than through one of its named
 * members (`$keys(link)`, `link[…]`), or the whole input (`$$`, a bare `$`, `%`, a wildcard). Cautious: a field it
 * cannot rule out is mapped again.
 */
function mayReadSelf(source: string): boolean {
  if (/\bself\b/.test(source) || /\$\$|\$(?![A-Za-z0-9_])|%|\*/.test(source)) return true;
  return /\blink\b(?!\s*\.\s*[A-Za-z_])/.test(source);
}

/**
 * The fields' values for one input: the fields JSONata is not needed for (plain paths, the shapes of
 * direct-expression.ts) read directly, the rest in one JSONata object expression.
 */
function evaluatorOf(
  fields: readonly CompiledField[],
  location: string,
): (input: unknown) => Promise<Map<string, unknown>> {
  const rest = fields.filter((field) => !field.expression.direct);
  const body = rest
    .map((field) => `${JSON.stringify(field.target)}: (${field.expression.source})`)
    .join(',\n');
  const together = rest.length > 0 ? compileExpression(`{\n${body}\n}`, `${location}.fields`) : undefined;
  return async (input) => {
    const evaluated = ((await together?.evaluate(input)) ?? {}) as Record<string, unknown>;
    const values = new Map<string, unknown>();
    for (const { target, expression } of fields) {
      let value: unknown;
      if (!expression.direct) value = evaluated[target];
      else {
        // read here rather than through `evaluate`: no promise for a field JSONata is not needed for
        value = expression.direct(input);
        value = value === needsJsonata ? await expression.evaluate(input) : toPlainJson(value);
      }
      values.set(target, value);
    }
    return values;
  };
}

/**
 * A list of field mappings: those JSONata is not needed for (plain paths, the shapes of direct-expression.ts)
 * read directly, the rest as one JSONata object expression (one evaluation for all of them). A field whose value is undefined is left out, as JSONata's object
 * constructor leaves it out.
 */
function compileFields(fields: readonly FieldMapping[], location: string): CompiledFields {
  const seen = new Set<string>();
  const compiled: CompiledField[] = fields.map((field, index) => {
    if (seen.has(field.target)) {
      throw new DefinitionError(`${location}.fields[${index}]`, `target "${field.target}" is mapped twice`);
    }
    seen.add(field.target);
    // Compiled on its own first, so that a mistake is reported against its own field.
    const expression = compileExpression(field.expression, `${location}.fields.${field.target}`);
    return { target: field.target, expression };
  });
  const all = evaluatorOf(compiled, location);
  const selfDependent = compiled.filter((field) => mayReadSelf(field.expression.source));
  const again = evaluatorOf(selfDependent, location);
  const inOrder = (valueOf: (target: string) => unknown) => {
    const mapped: Record<string, unknown> = {};
    for (const { target } of compiled) {
      const value = valueOf(target);
      if (value !== undefined) mapped[target] = value;
    }
    return mapped;
  };
  return {
    async evaluate(input) {
      const values = await all(input);
      return inOrder((target) => values.get(target));
    },
    async remapWithSelf(input, previous) {
      const values = await again(input);
      return inOrder((target) => (values.has(target) ? values.get(target) : previous[target]));
    },
  };
}

/** What the engine itself puts in a mapping input: a derived value may not replace one. */
const mappingInputNames = ['record', 'vars', 'lookup', 'link', 'related', 'existing', 'pre', 'item', 'index'];

export function compileDirection(direction: DirectionDefinition, location: string): CompiledDirection {
  const whole = compileFields(direction.fields, location);
  const compileActions = (kind: 'preSync' | 'postSync'): CompiledAction[] =>
    direction[kind].map((use) => {
      const at = `${location}.${kind}.${use.as}`;
      const lineFields = use.lines ? compileFields(use.lines.fields, `${at}.lines`) : undefined;
      return {
        as: use.as,
        action: use.action,
        description: use.description,
        input: compileExpression(use.input, `${at}.input`),
        onCreate: use.onCreate,
        lines:
          use.lines && lineFields
            ? {
                items: compileExpression(use.lines.items, `${at}.lines.items`),
                fields: use.lines.fields,
                map: (input: unknown) => lineFields.evaluate(input),
              }
            : undefined,
      };
    });
  return {
    fields: direction.fields,
    match: direction.match.map((rule, index) => ({
      description: rule.description,
      recordId: rule.recordId
        ? compileExpression(rule.recordId, `${location}.match[${index}].recordId`)
        : undefined,
      fields: rule.fields
        ? Object.entries(rule.fields).map(
            ([field, source]) =>
              [field, compileExpression(source, `${location}.match[${index}].fields.${field}`)] as [
                string,
                CompiledExpression,
              ],
          )
        : undefined,
    })),
    newRecordId: direction.newRecordId
      ? compileExpression(direction.newRecordId, `${location}.newRecordId`)
      : undefined,
    derived: Object.entries(direction.derived).map(([name, expression]) => {
      if (mappingInputNames.includes(name)) {
        throw new DefinitionError(`${location}.derived.${name}`, `"${name}" is already in the mapping input`);
      }
      return [name, compileExpression(expression, `${location}.derived.${name}`)] as [
        string,
        CompiledExpression,
      ];
    }),
    preSync: compileActions('preSync'),
    postSync: compileActions('postSync'),
    createOnlyTargets: new Set(
      direction.fields.filter((field) => field.createOnly).map((field) => field.target),
    ),
    keepAsWrittenTargets: new Set(
      direction.fields.filter((field) => field.keepAsWritten).map((field) => field.target),
    ),
    maxLengths: new Map(
      direction.fields.flatMap((field) =>
        field.maxLength !== undefined ? [[field.target, field.maxLength] as const] : [],
      ),
    ),
    map: (input) => whole.evaluate(input),
    remapWithSelf: (input, previous) => whole.remapWithSelf(input, previous),
  };
}
