import jsonata from 'jsonata';
import { compileDirect } from './direct-expression.js';
import { compileSimplePath, needsJsonata } from './simple-path.js';

/** A JSONata expression compiled once, evaluated per record. */
export interface CompiledExpression {
  source: string;
  evaluate(input: unknown): Promise<unknown>;
  /**
   * A reader of the expression without JSONata (a plain path, or a shape `compileDirect` reads), when there is one:
   * it answers `needsJsonata` for an input whose answer is JSONata's to give.
   */
  direct?: (input: unknown) => unknown;
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
  // Read without JSONata where its answer is certain: a plain path, else the common shapes of its parse.
  const direct = compileSimplePath(source) ?? compileDirect(expression.ast());
  return {
    source,
    ...(direct ? { direct } : {}),
    async evaluate(input) {
      if (direct) {
        const value = direct(input);
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
