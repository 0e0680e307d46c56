/**
 * The ConnectWise connector's one face: its definition (kept as data in connectors/connectwise/), the one action
 * registry it hands the engine, the gateway and match index over the ConnectWise client, and the reference data
 * its actions read. Everything ConnectWise-specific that is not the HTTP client (src/connectwise) lives here.
 */
export { actionCatalog } from './actions/catalog.js';
export { createConnectWiseActions } from './actions/connectwise-actions.js';
export { createConnectWiseActionRegistry } from './actions/create-action-registry.js';
export type { CommunicationItem } from './actions/match-communication-items.js';
export { indexReferenceData } from './actions/reference-data.js';
export type { ReferenceIndex } from './actions/reference-data.js';
export { createConnectWiseGateway, toPatchOperations } from './adapters/connectwise-gateway.js';
export { createMatchIndex } from './adapters/create-match-index.js';
export type { MatchIndex } from './adapters/create-match-index.js';
export { listMatchResources } from './adapters/list-match-resources.js';
export { loadReferenceData } from './adapters/load-reference-data.js';
export { MatchKeyIndex } from './adapters/match-key-index.js';
export { connectwiseDefinitionDirectory, loadConnectWiseDefinition } from './definition.js';
export type { PatchOperation } from '../../connectwise/index.js';
export { openConnectWiseConnection } from './open-connection.js';
export type { ConnectWiseConnection, ConnectWiseConnectionOptions } from './open-connection.js';
// What a process needs of the client to open connections and count their calls (the client itself stays behind).
export { ConnectWiseCounters } from '../../connectwise/index.js';
export type { ConnectWiseConfigInput, ConnectWiseCounterSnapshot } from '../../connectwise/index.js';
export { apiHeadersOf } from './callbacks/api-headers.js';
export { callbackPathPrefix, callbackUrlOf } from './callbacks/callback-url.js';
export {
  createCallbackVerifier,
  SigningKeyUnavailableError,
  type CallbackVerifier,
  type CallbackVerifierOptions,
  type KeyUrlCredentials,
} from './callbacks/create-callback-verifier.js';
export { callbackModulesOf, type PulledModule } from './callbacks/pulled-modules.js';
export {
  callbackTargetOf,
  registerCallbacks,
  unregisterCallbacks,
  type CallbackRegistration,
  type CallbackTarget,
} from './callbacks/register-callbacks.js';
export {
  registerInstanceCallbacks,
  type InstanceCallbacksOptions,
} from './callbacks/register-instance-callbacks.js';
export { isSigningKeyUrlOfSite } from './callbacks/signing-key-url.js';
