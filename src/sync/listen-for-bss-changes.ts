import pg from 'pg';
import { bssChangesChannel } from '../bss/store/index.js';

export interface BssChangeListener {
  close(): Promise<void>;
}

/**
 * LISTENs on PostgreSQL for the notices a record store sends after a write the sync pushes (see `signalWrites`),
 * from any process — `serve --no-sync` takes the API's writes, the workers feed them — and calls `onChange` for
 * each. A lost connection is opened again after `retryMs`; meanwhile the feed's own poll carries on.
 */
export function listenForBssChanges(
  connectionString: string,
  onChange: () => void,
  retryMs = 5_000,
): BssChangeListener {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    if (closed) return;
    const next = new pg.Client({ connectionString });
    next.on('notification', (message) => {
      if (message.channel === bssChangesChannel) onChange();
    });
    next.on('error', () => reconnect(next));
    try {
      await next.connect();
      await next.query(`listen ${bssChangesChannel}`);
      if (closed) {
        await next.end().catch(() => undefined);
        return;
      }
      client = next;
      onChange(); // writes made while no one listened
    } catch {
      reconnect(next);
    }
  };

  const reconnect = (failed: pg.Client): void => {
    if (client === failed) client = undefined;
    void failed.end().catch(() => undefined);
    if (closed || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, retryMs);
    retry.unref();
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (retry !== undefined) clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
