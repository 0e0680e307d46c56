import type { ConnectWiseRecord } from '../engine/index.js';
import type { InstanceRuntime } from './instance-runtime.js';

/** A listed record, and whether cwsync already has it in this state (nothing new to take). */
export interface ListedRecord {
  record: ConnectWiseRecord;
  known: boolean;
}

/** Records whose links are looked up in one query: a page's worth of queries becomes a few. */
const lookupChunk = 200;

/**
 * Marks each listed record known when it is linked and ConnectWise shows the `lastUpdated` cwsync last wrote or
 * read — looked up `lookupChunk` records at a time, in one query each (a poll's overlap lists thousands of
 * records cwsync already has; a first pull's records are unknown, and one query per chunk says so). Reads the
 * listing at most one chunk ahead, so nothing beyond the listing's own page and that chunk is held.
 */
export async function* markKnownRecords(
  records: AsyncIterable<ConnectWiseRecord>,
  runtime: InstanceRuntime,
  module: string,
): AsyncGenerator<ListedRecord> {
  let chunk: ConnectWiseRecord[] = [];
  try {
    for await (const record of records) {
      chunk.push(record);
      if (chunk.length < lookupChunk) continue;
      const full = chunk;
      chunk = [];
      yield* markChunk(full, runtime, module);
    }
  } catch (error) {
    // The listing failed (a 429, a 5xx): the records it did hand over are still taken, and checkpointed.
    if (chunk.length > 0) yield* markChunk(chunk, runtime, module);
    throw error;
  }
  if (chunk.length > 0) yield* markChunk(chunk, runtime, module);
}

async function* markChunk(
  records: ConnectWiseRecord[],
  runtime: InstanceRuntime,
  module: string,
): AsyncGenerator<ListedRecord> {
  const instanceId = runtime.instance.id;
  const batched = runtime.links.connectwiseLastUpdatedOf
    ? await runtime.links.connectwiseLastUpdatedOf(
        instanceId,
        module,
        records.map((record) => record.id),
      )
    : undefined;
  for (const record of records) {
    const lastUpdated = lastUpdatedOf(record);
    if (lastUpdated === undefined) {
      yield { record, known: false };
    } else if (batched) {
      yield { record, known: batched.get(record.id) === lastUpdated };
    } else {
      const link = await runtime.links.findByConnectwiseId(instanceId, module, record.id);
      yield { record, known: link?.connectwiseLastUpdated === lastUpdated };
    }
  }
}

function lastUpdatedOf(record: ConnectWiseRecord): string | undefined {
  const lastUpdated = (record._info as Record<string, unknown> | undefined)?.lastUpdated;
  return typeof lastUpdated === 'string' ? lastUpdated : undefined;
}
