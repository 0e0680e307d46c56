import { pushJobKind } from '../report/index.js';

export { pushJobKind };
/** Pull one ConnectWise record (a callback, a dependency, a resync): recordId is its ConnectWise id. */
export const pullJobKind = 'pull';
/** Poll one module of an instance for ConnectWise records changed since the last poll: recordId is '-'. */
export const pollJobKind = 'poll';

/** What a sync job carries besides its key. */
export interface SyncJobPayload {
  /** the run it counts in (a manual sync, a retry) */
  runId?: string;
  /** push: the ConnectWise record a person chose to link a match under review to (`cwsync link`) */
  adopt?: number;
  /** push: woken because a record it awaits failed or was skipped — write what it held back for it, now */
  writeHeld?: boolean;
  /** poll: when it first put itself off until the polls of the modules it depends on had run (ISO) */
  deferredSince?: string;
}

export function payloadOf(payload: unknown): SyncJobPayload {
  if (payload === null || typeof payload !== 'object') return {};
  const { runId, adopt, writeHeld, deferredSince } = payload as {
    runId?: unknown;
    adopt?: unknown;
    writeHeld?: unknown;
    deferredSince?: unknown;
  };
  return {
    ...(typeof runId === 'string' ? { runId } : {}),
    ...(typeof adopt === 'number' && Number.isInteger(adopt) ? { adopt } : {}),
    ...(writeHeld === true ? { writeHeld } : {}),
    ...(typeof deferredSince === 'string' && !Number.isNaN(Date.parse(deferredSince))
      ? { deferredSince }
      : {}),
  };
}
