// ConnectWise callbacks: registering them per instance, and receiving them (signature checked, pull queued).
export { callbackPathPrefix, callbackUrlOf } from './callback-url.js';
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
} from './create-callback-verifier.js';
export { callbackModulesOf, type PulledModule } from './pulled-modules.js';
export {
  callbackTargetOf,
  registerCallbacks,
  unregisterCallbacks,
  type CallbackRegistration,
  type CallbackTarget,
} from './register-callbacks.js';
export { registerInstanceCallbacks, type InstanceCallbacksOptions } from './register-instance-callbacks.js';
export { isSigningKeyUrlOfSite } from './signing-key-url.js';
