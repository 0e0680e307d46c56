import type { PostgresPoolClient } from 'kysely';

/** The answer Kysely reads from a `begin` (and a `commit` or `rollback` of a transaction that never began). */
function answer(command: string) {
  return { command, rowCount: null, rows: [], fields: [] };
}

interface PipelinedClient {
  /** node-postgres's pipeline mode (`new pg.Pool({ pipeline: true })`): a query is sent without waiting for the last */
  pipeline?: boolean;
  /** node-postgres's wire connection; corked, the two queries below leave in one write */
  connection?: { stream?: { cork?: () => void; uncork?: () => void } };
}

/**
 * A transaction's `begin` sent with its first statement, in one round trip instead of two: Kysely sends `begin`
 * alone and waits for its answer, which on PostgreSQL is a round trip of its own (one or two per pushed record: the
 * job's bookkeeping, a create's link). Here `begin` is answered at once and held; the next statement on the
 * connection goes out right behind it (node-postgres's pipeline mode, both in one write), and its caller has both
 * answers before it goes on. A transaction with no statement (`commit` or `rollback` next) never began: nothing is
 * sent. On a connection not in pipeline mode nothing changes.
 *
 * `begin` fails only with its connection, and then the statement behind it fails too; an error of the statement
 * leaves the transaction aborted, as it would after a `begin` of its own, and Kysely rolls it back.
 */
export function pipelineTransactionStart(client: PostgresPoolClient): PostgresPoolClient {
  const pipelined = client as PostgresPoolClient & PipelinedClient;
  if (pipelined.pipeline !== true) return client;
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const release = client.release.bind(client);
  let beginHeld = false;
  client.query = (async (...args: unknown[]) => {
    const [text] = args;
    if (!beginHeld) {
      if (text !== 'begin') return query(...args);
      beginHeld = true;
      return answer('BEGIN');
    }
    beginHeld = false;
    if (text === 'commit') return answer('COMMIT');
    if (text === 'rollback') return answer('ROLLBACK');
    const stream = pipelined.connection?.stream;
    stream?.cork?.();
    let begun: Promise<unknown>;
    let result: Promise<unknown>;
    try {
      begun = query('begin');
      result = query(...args);
    } finally {
      stream?.uncork?.();
    }
    const [, answered] = await Promise.all([begun, result]);
    return answered;
  }) as PostgresPoolClient['query'];
  client.release = ((...args: unknown[]) => {
    beginHeld = false;
    return (release as (...rest: unknown[]) => void)(...args);
  }) as PostgresPoolClient['release'];
  return client;
}
