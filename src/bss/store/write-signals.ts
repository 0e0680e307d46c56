import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import type { RecordStore, WriteContext } from './types.js';

/** The PostgreSQL channel a store notifies after a write the sync pushes (origin `api` or `import`). */
export const bssChangesChannel = 'cwsync_bss_changes';

/**
 * The store, telling its `onWrite` listeners (in this process) after each write that the sync pushes has
 * committed, and on PostgreSQL every process that LISTENs on `bssChangesChannel`: the change feed is read then,
 * not at its next poll. Notices are coalesced — one `pg_notify` in flight, one more after it when writes came
 * meanwhile — so a burst of writes costs a statement or two, not one each. A lost notice costs only latency: the
 * feed is still polled.
 */
export function signalWrites(db: Kysely<Database>, store: RecordStore): RecordStore {
  const listeners = new Set<() => void>();
  const postgres = dialectOf(db as Kysely<unknown>) === 'postgres';
  let notifying = false;
  let notifyAgain = false;

  const notifyOtherProcesses = async (): Promise<void> => {
    if (notifying) {
      notifyAgain = true;
      return;
    }
    notifying = true;
    try {
      do {
        notifyAgain = false;
        await sql`select pg_notify(${bssChangesChannel}, '')`.execute(db);
      } while (notifyAgain);
    } catch {
      // the feed's poll picks the change up
    } finally {
      notifying = false;
    }
  };

  const signal = (ctx: WriteContext): void => {
    if (ctx.origin === 'pull') return; // a pull's writes are not pushed
    for (const listener of listeners) listener();
    if (postgres) void notifyOtherProcesses();
  };
  const after =
    <T>(ctx: WriteContext) =>
    (result: T): T => {
      signal(ctx);
      return result;
    };

  return {
    ...store,
    create: (entity, input, ctx) => store.create(entity, input, ctx).then(after(ctx)),
    upsert: (entity, id, input, ctx) => store.upsert(entity, id, input, ctx).then(after(ctx)),
    update: (entity, id, partial, ctx) => store.update(entity, id, partial, ctx).then(after(ctx)),
    remove: (entity, id, ctx) => store.remove(entity, id, ctx).then(after(ctx)),
    writeBatch: (entity, rows, ctx, options) =>
      store
        .writeBatch(entity, rows, ctx, options)
        .then(options?.dryRun === true ? (results) => results : after(ctx)),
    onWrite(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
