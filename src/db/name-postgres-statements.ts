import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { pipelineTransactionStart } from './pipeline-transaction-start.js';

/**
 * How many distinct SQL texts get a name. The runner uses a few dozen; `in (…)` lists of each length add more. Each
 * connection keeps every statement it prepared (node-postgres never deallocates), so this bounds that too; texts
 * past it run unnamed, as before.
 */
const namedStatements = 300;

/** PostgreSQL's answer when a table changed under a prepared statement (a migration by a newer process). */
const cachedPlanChanged = '0A000';

/**
 * node-postgres for Kysely, with each parameterised SQL text prepared once per connection (a named statement)
 * instead of parsed and planned on every call: a quarter of PostgreSQL's CPU per statement for the runner's small
 * selects and upserts, measured (docs/benchmarks.md, pg-scale). graphile-worker names its own statements the same
 * way, so a connection pooler in transaction mode was already ruled out.
 *
 * Texts without parameters stay unnamed: a migration's text may hold several statements, which a prepared
 * statement cannot. A text whose table changed since it was prepared (another process migrated) fails once and
 * runs unnamed from then on, rather than failing on that connection until the process restarts.
 */
export function namePostgresStatements(pool: PostgresPool): PostgresPool {
  const names = new Map<string, string | null>();
  const named = new WeakSet<PostgresPoolClient>();

  function nameOf(text: string): string | undefined {
    let name = names.get(text);
    if (name === undefined) {
      if (names.size >= namedStatements) return undefined;
      name = `cwsync_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name ?? undefined;
  }

  function nameQueries(client: PostgresPoolClient): PostgresPoolClient {
    if (named.has(client)) return client;
    named.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    client.query = (async (...args: unknown[]) => {
      const [text, values] = args;
      const name =
        typeof text === 'string' && Array.isArray(values) && values.length > 0 ? nameOf(text) : undefined;
      if (name === undefined) return query(...args);
      try {
        return await query({ name, text, values });
      } catch (error) {
        // Not run again here: inside a transaction the failure has aborted it. The caller's retry runs unnamed.
        if ((error as { code?: string }).code === cachedPlanChanged) names.set(text as string, null);
        throw error;
      }
    }) as PostgresPoolClient['query'];
    return pipelineTransactionStart(client);
  }

  return {
    connect: async () => nameQueries(await pool.connect()),
    end: () => pool.end(),
  };
}
