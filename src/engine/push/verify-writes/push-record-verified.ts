import type { PushOutcome } from '../push-outcome.js';
import { pushRecord, type PushContext, type PushOptions } from '../push-record.js';
import type { WriteDifference } from './kept-differences.js';
import { verifyingGateway } from './verifying-gateway.js';

export interface VerifiedPush {
  outcome: PushOutcome;
  /** what ConnectWise kept differently in this push's writes: the record's, its lines', its actions' */
  differences: WriteDifference[];
}

/**
 * Pushes one record with every write it makes verified against ConnectWise's answer (see verifyingGateway):
 * the record, the lines and associations its post-synchronization actions write, and any follow-up PATCH.
 */
export async function pushRecordVerified(
  context: PushContext,
  moduleName: string,
  recordId: string,
  options: PushOptions = {},
): Promise<VerifiedPush> {
  const differences: WriteDifference[] = [];
  const gateway = verifyingGateway(context.gateway, differences);
  const outcome = await pushRecord({ ...context, gateway }, moduleName, recordId, options);
  return { outcome, differences };
}
