import type { LinkRepository, SyncLink } from '../../engine/index.js';

/**
 * The links of a dry run: the real ones, read from the database, under the links the plan would save (kept
 * in memory). A link to a record the plan would create is hidden, so what depends on it waits, as it would.
 */
export function createLinksOverlay(
  real: LinkRepository,
  wouldCreate: (link: SyncLink) => boolean,
): LinkRepository {
  const byRecord = new Map<string, SyncLink>();
  const byConnectwiseId = new Map<string, SyncLink>();
  const recordKey = (instanceId: string, module: string, recordId: string) =>
    `${instanceId}\u0000${module}\u0000${recordId}`;
  const connectwiseKey = (instanceId: string, module: string, connectwiseId: number) =>
    `${instanceId}\u0000${module}\u0000#${connectwiseId}`;
  const visible = (link: SyncLink) => (wouldCreate(link) ? undefined : link);
  return {
    async find(instanceId, module, recordId) {
      const saved = byRecord.get(recordKey(instanceId, module, recordId));
      return saved ? visible(saved) : real.find(instanceId, module, recordId);
    },
    async findByConnectwiseId(instanceId, module, connectwiseId) {
      const saved = byConnectwiseId.get(connectwiseKey(instanceId, module, connectwiseId));
      return saved ? visible(saved) : real.findByConnectwiseId(instanceId, module, connectwiseId);
    },
    async save(link) {
      byRecord.set(recordKey(link.instanceId, link.module, link.recordId), link);
      byConnectwiseId.set(connectwiseKey(link.instanceId, link.module, link.connectwiseId), link);
    },
  };
}
