import { randomUUID } from 'node:crypto';
import type { HandRule } from '../registry/resource-definition.js';

/** ConnectWise gives every new contact and company a `mobileGuid` (seen in every captured contact). */
export const assignMobileGuid: HandRule = ({ record, mode }) => {
  if (mode === 'create') record.mobileGuid = randomUUID();
  return [];
};
