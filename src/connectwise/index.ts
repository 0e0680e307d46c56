// The ConnectWise Manage client: the only code in cwsync that speaks HTTP to ConnectWise. It knows nothing of
// BSS records or mappings. Start at createConnectWiseClient; conditions are built with where() / conditions``.
export { createConnectWiseClient } from './client.js';
export type { ConnectWiseClient } from './client.js';
export { ConnectWiseConfigError, connectWiseConfigSchema, parseConnectWiseConfig } from './config.js';
export type { ConnectWiseConfig, ConnectWiseConfigInput, ConnectWiseRetryPolicy } from './config.js';
export { ConnectWiseError, isConnectWiseError } from './errors.js';
export type { ConnectWiseErrorKind, ConnectWiseFieldError, ConnectWiseRecordContext } from './errors.js';
export { allOf, Condition, conditions, splitIdsIntoConditions, where } from './conditions.js';
export type { ComparisonOperator, ConditionValue, ListOperator } from './conditions.js';
export { buildPatchFromDiff } from './patch.js';
export type { PatchOperation } from './patch.js';
export { maxPageSize } from './resource.js';
export type {
  Page,
  RequestOptions,
  PageOptions,
  QueryOptions,
  Resource,
  WantedValues,
  WriteOptions,
} from './resource.js';
export type { ApiRequest, ApiResponse } from './send-request.js';
export type { ConnectWiseCounterSnapshot } from './counters.js';
export { ConnectWiseCounters } from './counters.js';
export { verifyCallbackSignature } from './callback-signature.js';
export type { FetchSigningKey } from './callback-signature.js';
export { resolveApiOrigin } from './site-url.js';
export type * from './resources/references.js';
export type * from './resources/company.js';
export type * from './resources/finance.js';
export type * from './resources/procurement.js';
export type * from './resources/sales.js';
export type * from './resources/system.js';
