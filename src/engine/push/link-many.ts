import type { CompiledModule } from '../definition/load-definition.js';
import type { PushContext } from './push-record.js';

/**
 * A dependency on several records at once (an order's products, one per line): the ConnectWise id of each
 * one that is linked and each BSS record, keyed by BSS id, and the ids not linked yet; `missing` names one that is not in the BSS.
 */
export async function linkMany(
  context: PushContext,
  dependency: CompiledModule['dependencyIds'][number],
  record: Record<string, unknown>,
): Promise<{
  ids: Record<string, number>;
  records: Record<string, Record<string, unknown>>;
  unlinked: string[];
  missing?: string;
}> {
  const evaluated = await dependency.recordId.evaluate(record);
  const list = evaluated === undefined || evaluated === null ? [] : [evaluated].flat();
  const wanted = [...new Set(list.filter((id) => id !== null && id !== '').map(String))];
  const entity = context.connector.modules.get(dependency.module)!.definition.bssEntity;
  const ids: Record<string, number> = {};
  const records: Record<string, Record<string, unknown>> = {};
  const unlinked: string[] = [];
  for (const id of wanted) {
    const found = await context.records.get(entity, id);
    if (!found) return { ids, records, unlinked, missing: id };
    records[id] = found;
    const link = await context.links.find(context.instanceId, dependency.module, id);
    if (link) ids[id] = link.connectwiseId;
    else unlinked.push(id);
  }
  return { ids, records, unlinked };
}
