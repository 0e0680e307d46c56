import { verifyMessage } from 'connectwise-rest/dist/utils/Callback.js';

/** connectwise-rest's own check of a callback signature; its payload type is narrower than a parsed body. */
export function verifyWithConnectwiseRest(body: unknown, signature: unknown, signingKey: string): boolean {
  return verifyMessage(body as Parameters<typeof verifyMessage>[0], String(signature), signingKey);
}
