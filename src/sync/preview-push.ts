import { toPatchOperations } from '../connectors/connectwise/index.js';
import {
  type ConnectWiseGateway,
  type ConnectWiseRecord,
  type LinkRepository,
  type PushOutcome,
  pushRecord,
} from '../engine/index.js';
import type { DryRunWrite } from './dry-run.js';
import type { InstanceRuntime } from './instance-runtime.js';

/** A write a push would make, in the order it would make it: as the dry run (`cwsync sync --dry-run`) shows it. */
export type PreviewWrite = Extract<DryRunWrite, { to: 'connectwise' }>;

export interface PushPreview {
  /** what the push would answer; a record it would create carries `previewCreatedId` as its id */
  outcome: PushOutcome;
  writes: PreviewWrite[];
}

/** The id a record the preview would create stands in with (ConnectWise ids are positive). */
export const previewCreatedId = -1;

/**
 * What pushing one record would do, without doing it: the engine's own `pushRecord` runs with every read as it
 * is (links, lookups, the match index, ConnectWise's reference data) and every write captured instead of sent,
 * so the preview can never drift from the real push. Creates answer `previewCreatedId` as the new id.
 */
export async function previewPush(
  runtime: InstanceRuntime,
  module: string,
  recordId: string,
): Promise<PushPreview> {
  const writes: PreviewWrite[] = [];
  const gateway: ConnectWiseGateway = {
    findMatching: (resource, conditions) => runtime.push.gateway.findMatching(resource, conditions),
    async create(resource, body) {
      writes.push({ to: 'connectwise', method: 'POST', path: resource, body });
      return { ...body, id: previewCreatedId } as ConnectWiseRecord;
    },
    async update(resource, id, changes) {
      writes.push({
        to: 'connectwise',
        method: 'PATCH',
        path: `${resource}/${id}`,
        operations: toPatchOperations(changes),
      });
      return { ...changes.set, id } as ConnectWiseRecord;
    },
    async remove(resource, id) {
      writes.push({ to: 'connectwise', method: 'DELETE', path: `${resource}/${id}` });
    },
  };
  const links: LinkRepository = {
    find: (instanceId, linkModule, id) => runtime.links.find(instanceId, linkModule, id),
    findByConnectwiseId: (instanceId, linkModule, id) =>
      runtime.links.findByConnectwiseId(instanceId, linkModule, id),
    save: async () => undefined,
  };
  const outcome = await pushRecord({ ...runtime.push, gateway, links }, module, recordId);
  return { outcome, writes };
}
