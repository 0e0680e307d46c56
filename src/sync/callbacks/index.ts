// ConnectWise callbacks as the runner receives them: signature checked, pull queued. Registering and verifying
// them is the connector's (src/connectors/connectwise/callbacks).
export {
  createCallbackReceiver,
  type CallbackDelivery,
  type CallbackReceiver,
  type CallbackReceiverOptions,
  type CallbackResult,
} from './create-callback-receiver.js';
