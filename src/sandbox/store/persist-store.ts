import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { SandboxStore } from '../context.js';

export interface StorePersistence {
  /** writes a pending save now; resolves when the file is on disk */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const saveDelayMs = 250;

/** true when the data file existed and the store now holds its rows */
export function loadStoreFile(store: SandboxStore, dataFile: string): boolean {
  if (!existsSync(dataFile)) return false;
  store.restore(JSON.parse(readFileSync(dataFile, 'utf8')));
  return true;
}

/**
 * Saves the store to `dataFile` a moment after changes stop (one write per burst), through a temporary file
 * and a rename so a crash never leaves half a file.
 */
export function persistStoreChanges(
  store: SandboxStore,
  dataFile: string,
  logger?: Logger,
): StorePersistence {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  async function save(): Promise<void> {
    timer = undefined;
    const temporary = `${dataFile}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(store.snapshot()));
    await rename(temporary, dataFile);
  }

  function queueSave(): void {
    writing = writing
      .then(save)
      .catch((error: unknown) => logger?.error({ err: error, dataFile }, 'sandbox data file not saved'));
  }

  function scheduleSave(): void {
    if (timer !== undefined) return;
    timer = setTimeout(queueSave, saveDelayMs);
    timer.unref();
  }

  const unsubscribe = store.onChange(scheduleSave);
  // clear() and restore() (an admin reset) emit no change events, yet change what the file must hold.
  const { clear, restore } = store;
  store.clear = () => {
    clear.call(store);
    scheduleSave();
  };
  store.restore = (snapshot) => {
    restore.call(store, snapshot);
    scheduleSave();
  };

  return {
    async flush() {
      if (timer !== undefined) {
        clearTimeout(timer);
        queueSave();
      }
      await writing;
    },
    async stop() {
      unsubscribe();
      store.clear = clear;
      store.restore = restore;
      await this.flush();
    },
  };
}
