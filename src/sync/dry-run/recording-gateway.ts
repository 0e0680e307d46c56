import { MatchKeyIndex, toPatchOperations } from '../../connectors/connectwise/index.js';
import type { ConnectWiseGateway, ConnectWiseRecord } from '../../engine/index.js';
import type { DryRunWrite } from './dry-run-types.js';

/** A write the sync would make to ConnectWise, in the order it would make it. */
export type ConnectWiseWrite = Extract<DryRunWrite, { to: 'connectwise' }>;

export interface RecordingGatewayOptions {
  /** where reads go (matches, and a record an update touches): ConnectWise as the sync sees it */
  reads: Pick<ConnectWiseGateway, 'findMatching' | 'read'>;
  /** the id each create answers; -1, -2, … by default */
  createdId?: () => number;
  /**
   * the resources (and fields) whose records this gateway would create are matched like ConnectWise's own, so a
   * second record with the same key is seen linking to the first, as a real run would
   */
  matchCreated?: ReadonlyArray<{
    resource: string;
    fields: ReadonlyArray<{ field: string; child: boolean }>;
  }>;
  /**
   * an update answers the whole record as ConnectWise would hold it after (read once when not seen yet); by
   * default only the fields it changed
   */
  answerWholeRecords?: boolean;
}

/**
 * A gateway that reads ConnectWise and writes nothing: a create records its body and answers a placeholder id,
 * an update records its PATCH operations, a delete is recorded. The dry run (`cwsync sync --dry-run`) and the
 * push preview (comparison, canary) both see a push's writes through it.
 */
export function createRecordingGateway(options: RecordingGatewayOptions) {
  let writes: ConnectWiseWrite[] = [];
  let nextPlaceholder = -1;
  const createdId = options.createdId ?? (() => nextPlaceholder--);
  const known = new Map<string, ConnectWiseRecord>();
  const created = new Map<string, { index: MatchKeyIndex; records: Map<number, ConnectWiseRecord> }>();
  for (const { resource, fields } of options.matchCreated ?? []) {
    created.set(resource, { index: new MatchKeyIndex(fields), records: new Map() });
  }
  const keyOf = (resource: string, id: number) => `${resource}#${id}`;
  const remember = (resource: string, record: ConnectWiseRecord) => {
    known.set(keyOf(resource, record.id), record);
    const planned = created.get(resource);
    if (record.id < 0 && planned) {
      planned.index.put(record);
      planned.records.set(record.id, record);
    }
  };

  const port: ConnectWiseGateway = {
    async findMatching(resource, conditions, lookup) {
      const found = await options.reads.findMatching(resource, conditions, lookup);
      for (const record of found) known.set(keyOf(resource, record.id), record);
      const planned = created.get(resource);
      const query = planned?.index.plan(conditions);
      if (!planned || !query) return found;
      return [...found, ...planned.index.find(query).map((id) => planned.records.get(id)!)];
    },
    async create(resource, body) {
      writes.push({ to: 'connectwise', method: 'POST', path: resource, body });
      const record = { ...body, id: createdId() } as ConnectWiseRecord;
      remember(resource, record);
      return record;
    },
    async update(resource, id, changes) {
      writes.push({
        to: 'connectwise',
        method: 'PATCH',
        path: `${resource}/${id}`,
        operations: toPatchOperations(changes),
      });
      if (!options.answerWholeRecords) return { ...changes.set, id } as ConnectWiseRecord;
      let current = known.get(keyOf(resource, id));
      if (!current) {
        if (!options.reads.read)
          throw new Error('the recording gateway cannot read the record an update touches');
        current = await options.reads.read(resource, id);
      }
      const merged: ConnectWiseRecord = { ...current, ...changes.set, id };
      for (const field of changes.unset) delete merged[field];
      remember(resource, merged);
      return merged;
    },
    async remove(resource, id) {
      writes.push({ to: 'connectwise', method: 'DELETE', path: `${resource}/${id}` });
    },
  };
  return {
    port,
    /** the writes made since the last take, handed over once */
    takeWrites(): ConnectWiseWrite[] {
      const taken = writes;
      writes = [];
      return taken;
    },
  };
}
