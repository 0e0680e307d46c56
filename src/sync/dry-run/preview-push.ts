import {
  type ConnectWiseGateway,
  type LinkRepository,
  type PushOutcome,
  pushRecord,
} from '../../engine/index.js';
import type { InstanceRuntime } from '../instance-runtime.js';
import { createRecordingGateway, type ConnectWiseWrite } from './recording-gateway.js';
import { withoutCreateNotes } from './without-create-notes.js';

/** A write a push would make, in the order it would make it: as the dry run (`cwsync sync --dry-run`) shows it. */
export type PreviewWrite = ConnectWiseWrite;

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
  return createPushPreviewer(runtime)(module, recordId);
}

/**
 * A previewer for many records (a reconciliation): one capturing gateway for all of them, so what the
 * synchronization actions cache per gateway (custom fields by caption, agreements found) is read once, not per
 * record. `reads` answers the lookups (default the runtime's push gateway, with its match index).
 */
export function createPushPreviewer(
  runtime: InstanceRuntime,
  reads: Pick<ConnectWiseGateway, 'findMatching' | 'read'> = runtime.push.gateway,
): (module: string, recordId: string) => Promise<PushPreview> {
  const gateway = createRecordingGateway({ reads, createdId: () => previewCreatedId });
  const links: LinkRepository = {
    find: (instanceId, linkModule, id) => runtime.links.find(instanceId, linkModule, id),
    findByConnectwiseId: (instanceId, linkModule, id) =>
      runtime.links.findByConnectwiseId(instanceId, linkModule, id),
    save: async () => undefined,
  };
  const context = { ...withoutCreateNotes(runtime.push), gateway: gateway.port, links };
  return async (module, recordId) => {
    gateway.takeWrites();
    const outcome = await pushRecord(context, module, recordId);
    return { outcome, writes: gateway.takeWrites() };
  };
}
