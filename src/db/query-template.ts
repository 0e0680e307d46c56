import type { CompiledQuery, Compilable, Kysely, QueryResult } from 'kysely';
import { dialectOf, type DialectName } from './dialect.js';
import type { Database } from './schema.js';

const placeholderTag = '\u0000cwsync-query-template\u0000';

/**
 * A hot query built and compiled once per dialect, then run with new values: building a Kysely query (its
 * immutable nodes, frozen at every step, then compiled) costs more than SQLite takes to run a point query by its
 * key. `build` receives one placeholder per argument and must use each as a value (a `where` operand, a
 * `values` field); the compiled query's parameters that are placeholders are replaced by the arguments on each
 * run, every other parameter stays as built. The SQL must not depend on the values (no `in` list of their length).
 */
export function queryTemplate<Row, Args extends readonly unknown[]>(
  arity: Args['length'],
  build: (db: Kysely<Database>, ...placeholders: string[]) => Compilable<Row>,
): (db: Kysely<Database>, ...args: Args) => Promise<QueryResult<Row>> {
  const placeholders = Array.from({ length: arity }, (_, index) => `${placeholderTag}${index}`);
  const compiledBy = new Map<
    DialectName,
    { compiled: CompiledQuery<Row>; slots: Array<number | undefined> }
  >();
  const compile = (db: Kysely<Database>, dialect: DialectName) => {
    const compiled = build(db, ...placeholders).compile();
    const slots = compiled.parameters.map((parameter) =>
      typeof parameter === 'string' && parameter.startsWith(placeholderTag)
        ? Number(parameter.slice(placeholderTag.length))
        : undefined,
    );
    const used = new Set(slots.filter((slot) => slot !== undefined));
    if (used.size !== arity) {
      throw new Error(
        `queryTemplate: ${arity - used.size} of ${arity} placeholders are not parameters of ${compiled.sql}`,
      );
    }
    const entry = { compiled, slots };
    compiledBy.set(dialect, entry);
    return entry;
  };
  return (db, ...args) => {
    const dialect = dialectOf(db as Kysely<unknown>);
    const { compiled, slots } = compiledBy.get(dialect) ?? compile(db, dialect);
    const parameters = compiled.parameters.map((parameter, index) => {
      const slot = slots[index];
      return slot === undefined ? parameter : args[slot];
    });
    return db.executeQuery<Row>({ ...compiled, parameters });
  };
}
