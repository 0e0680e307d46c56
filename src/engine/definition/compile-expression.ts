import jsonata from 'jsonata';
import { compileSimplePath, needsJsonata } from './simple-path.js';

/** A JSONata expression compiled once, evaluated per record. */
export interface CompiledExpression {
  source: string;
  evaluate(input: unknown): Promise<unknown>;
}

export class DefinitionError extends Error {
  constructor(
    readonly location: string,
    detail: string,
  ) {
    super(`${location}: ${detail}`);
    this.name = 'DefinitionError';
  }
}

export function compileExpression(source: string, location: string): CompiledExpression {
  let expression: jsonata.Expression;
  try {
    expression = jsonata(source);
  } catch (error) {
    const { message, position } = error as { message: string; position?: number };
    throw new DefinitionError(location, `invalid JSONata (${message}${position ? ` at ${position}` : ''})`);
  }
  const simplePath = compileSimplePath(source);
  return {
    source,
    async evaluate(input) {
      if (simplePath) {
        const value = simplePath(input);
        if (value !== needsJsonata) return toPlainJson(value);
      }
      try {
        return toPlainJson(await expression.evaluate(input));
      } catch (error) {
        throw new DefinitionError(location, `evaluation failed: ${(error as Error).message}`);
      }
    },
  };
}

/** JSONata hands back arrays flagged as sequences and may include functions; the engine wants plain JSON. */
export function toPlainJson(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (Array.isArray(value)) return value.map(toPlainJson).filter((item) => item !== undefined);
  if (typeof value === 'function') return undefined;
  if (typeof value === 'object') {
    const plain: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const converted = toPlainJson(item);
      if (converted !== undefined) plain[key] = converted;
    }
    return plain;
  }
  return value;
}
