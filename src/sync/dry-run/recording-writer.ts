import type { RecordReader, RecordWriter } from '../../engine/index.js';
import type { DryRunWrite } from './dry-run-types.js';

/** The RecordWriter of a dry pull: records what it would write, answers as the store would. */
export function createRecordingWriter(reader: RecordReader) {
  let writes: DryRunWrite[] = [];
  let nextNew = 1;
  const created = new Set<string>();
  const port: RecordWriter = {
    async create(entity, id, fields) {
      writes.push({ to: 'bss', method: 'create', entity, ...(id !== undefined ? { id } : {}), fields });
      const newId = id ?? `(new ${nextNew++})`;
      created.add(`${entity}\u0000${newId}`);
      return { ...fields, id: newId, version: 1 };
    },
    async update(entity, id, fields) {
      writes.push({ to: 'bss', method: 'update', entity, id, fields });
      return { ...(await reader.get(entity, id)), ...fields, id };
    },
  };
  return {
    port,
    wouldCreate: (entity: string, id: string) => created.has(`${entity}\u0000${id}`),
    takeWrites(): DryRunWrite[] {
      const taken = writes;
      writes = [];
      return taken;
    },
  };
}
