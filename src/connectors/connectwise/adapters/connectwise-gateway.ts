import { allOf, where, type ConnectWiseClient, type PatchOperation } from '../../../connectwise/index.js';
import type { FieldChanges, ConnectWiseGateway, ConnectWiseRecord } from '../../../engine/index.js';

/** The engine's view of ConnectWise, over the client: every value quoted by the conditions builder. */
export function createConnectWiseGateway(client: ConnectWiseClient): ConnectWiseGateway {
  const resourceOf = (path: string) => client.resource<ConnectWiseRecord, Record<string, unknown>>(path);
  return {
    async findMatching(resource, conditions) {
      const onRecord = conditions.filter((condition) => !condition.child && !condition.customField);
      const onChildren = conditions.filter((condition) => condition.child);
      const onCustomField = conditions.find((condition) => condition.customField !== undefined);
      const found: ConnectWiseRecord[] = [];
      for await (const record of resourceOf(resource).list({
        conditions: allOf(...onRecord.map((condition) => where(condition.field, '=', condition.value))),
        childConditions: allOf(
          ...onChildren.map((condition) => where(condition.field, '=', condition.value)),
        ),
        // one custom field holds both: its caption and its value
        customFieldConditions: onCustomField
          ? allOf(where('caption', '=', onCustomField.customField!), where('value', '=', onCustomField.value))
          : undefined,
      })) {
        found.push(record);
      }
      return found;
    },
    create(resource, body) {
      return resourceOf(resource).create(body);
    },
    update(resource, id, changes) {
      return resourceOf(resource).patch(id, toPatchOperations(changes));
    },
    read(resource, id) {
      return resourceOf(resource).get(id);
    },
    replace(resource, id, body) {
      return resourceOf(resource).replace(id, body);
    },
    async remove(resource, id) {
      await resourceOf(resource).delete(id);
    },
    find(resource, id) {
      return resourceOf(resource).find(id);
    },
    listChanged(resource, { since, afterId, pageSize, signal, label } = {}) {
      const conditions = allOf(
        since === undefined ? undefined : where('lastUpdated', '>=', since),
        afterId ? where('id', '>', afterId) : undefined,
      );
      return client
        .resource<ConnectWiseRecord>(resource, label, { forwardOnly: true })
        .list({ ...(conditions ? { conditions } : {}), ...(pageSize ? { pageSize } : {}), signal });
    },
  };
}

/** Whole-field replacements: arrays such as communicationItems and customFields are written as a whole. */
export function toPatchOperations(changes: FieldChanges): PatchOperation[] {
  return [
    ...Object.entries(changes.set).map(([field, value]): PatchOperation => ({
      op: 'replace',
      path: field,
      value,
    })),
    ...changes.unset.map((field): PatchOperation => ({ op: 'remove', path: field })),
  ];
}
