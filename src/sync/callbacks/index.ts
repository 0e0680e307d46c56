// ConnectWise callbacks: receiving them (signature checked, pull queued); registering and verifying them is the
// connector's (src/connectors/connectwise/callbacks), re-exported here for the processes that wire them.
export { callbackPathPrefix, callbackUrlOf } from '../../connectors/connectwise/index.js';
export {
  createCallbackReceiver,
  type CallbackDelivery,
  type CallbackReceiver,
  type CallbackReceiverOptions,
  type CallbackResult,
} from './create-callback-receiver.js';
export {
  createCallbackVerifier,
  SigningKeyUnavailableError,
  type CallbackVerifier,
  type CallbackVerifierOptions,
} from '../../connectors/connectwise/index.js';
export { callbackModulesOf, type PulledModule } from '../../connectors/connectwise/index.js';
export {
  callbackTargetOf,
  registerCallbacks,
  unregisterCallbacks,
  type CallbackRegistration,
  type CallbackTarget,
} from '../../connectors/connectwise/index.js';
export {
  registerInstanceCallbacks,
  type InstanceCallbacksOptions,
} from '../../connectors/connectwise/index.js';
export { isSigningKeyUrlOfSite } from '../../connectors/connectwise/index.js';
