export { changesOfRecord } from './change-feed.js';
export { createRecordStore } from './record-store.js';
export { acquireRecordWriteLock } from './write-lock.js';
export * from './errors.js';
export { InvalidQueryError } from './invalid-query-error.js';
export { defaultPageSize, maxPageSize } from './list-records.js';
export {
  countLinks,
  countLinksByInstanceAndEntity,
  findIntegrationId,
  findLink,
  findLinkByIntegrationId,
  findLinkedRecordId,
  linkRecord,
  linksOfRecord,
  pageOfLinks,
  saveLinkSnapshot,
  saveLinkSnapshotSettlingCreate,
  unlinkInstance,
  unlinkRecord,
} from './record-links.js';
export type { LinkRow, LinkSnapshotRow } from './record-links.js';
export { linkRowsInRecord, type LinkRowInRecord } from './record-rows.js';
export type * from './types.js';
export { origins } from './types.js';
export { bssChangesChannel } from './write-signals.js';
