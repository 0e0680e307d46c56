import { compileExpression, DefinitionError, type CompiledExpression } from './compile-expression.js';
import type { DirectionDefinition, FieldMapping } from './schema.js';

export interface CompiledAction {
  as: string;
  action: string;
  description: string;
  input: CompiledExpression;
}

export interface CompiledDirection {
  fields: FieldMapping[];
  match: Array<{
    description: string;
    recordId?: CompiledExpression;
    fields?: Array<[string, CompiledExpression]>;
  }>;
  newRecordId?: CompiledExpression;
  preSync: CompiledAction[];
  postSync: CompiledAction[];
  /** maps one input document to the other side's body: one evaluation for all fields */
  map(input: unknown): Promise<Record<string, unknown>>;
  /** the fields written on create only */
  createOnlyTargets: ReadonlySet<string>;
}

export function compileDirection(direction: DirectionDefinition, location: string): CompiledDirection {
  const seen = new Set<string>();
  direction.fields.forEach((field, index) => {
    if (seen.has(field.target)) {
      throw new DefinitionError(`${location}.fields[${index}]`, `target "${field.target}" is mapped twice`);
    }
    seen.add(field.target);
    // Compiled on its own first, so that a mistake is reported against its own field.
    compileExpression(field.expression, `${location}.fields.${field.target}`);
  });
  const body = direction.fields
    .map((field) => `${JSON.stringify(field.target)}: (${field.expression})`)
    .join(',\n');
  const whole = compileExpression(`{\n${body}\n}`, `${location}.fields`);
  const compileActions = (kind: 'preSync' | 'postSync'): CompiledAction[] =>
    direction[kind].map((use) => ({
      as: use.as,
      action: use.action,
      description: use.description,
      input: compileExpression(use.input, `${location}.${kind}.${use.as}.input`),
    }));
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
    preSync: compileActions('preSync'),
    postSync: compileActions('postSync'),
    createOnlyTargets: new Set(
      direction.fields.filter((field) => field.createOnly).map((field) => field.target),
    ),
    async map(input) {
      const result = await whole.evaluate(input);
      return (result ?? {}) as Record<string, unknown>;
    },
  };
}
