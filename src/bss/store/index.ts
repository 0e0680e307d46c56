export { createRecordStore } from './record-store.js';
export * from './errors.js';
export { InvalidQueryError } from './invalid-query-error.js';
export { defaultPageSize, maxPageSize } from './list-records.js';
export {
  findIntegrationId,
  findLinkedRecordId,
  linkRecord,
  linksOfRecord,
  unlinkInstance,
  unlinkRecord,
} from './record-links.js';
export type * from './types.js';
export { origins } from './types.js';
export { bssChangesChannel } from './write-signals.js';
