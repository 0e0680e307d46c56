import { randomBytes, randomUUID } from 'node:crypto';

/** The key the sandbox signs callbacks with, and the id its key URL names. One per sandbox run. */
export interface CallbackSigningKey {
  id: string;
  signingKey: string;
}

export function createCallbackSigningKey(): CallbackSigningKey {
  return { id: randomUUID(), signingKey: randomBytes(32).toString('base64') };
}

/** The codebase without slashes, e.g. "v2025_1" for "v2025_1/". */
export function trimCodebase(codebase: string): string {
  return codebase.replace(/^\/+|\/+$/g, '');
}

/**
 * Key URL as ConnectWise writes it in callback Metadata: `{site}/{codebase}/system/callbackkey/index.rails?…`.
 * The real one carries a double slash after the codebase ("v2025_1//system"); so does this one.
 */
export function callbackKeyUrl(baseUrl: string, codebase: string, companyId: string, keyId: string): string {
  const query = new URLSearchParams({ companyName: companyId, id: keyId });
  return `${baseUrl}/${trimCodebase(codebase)}//system/callbackkey/index.rails?${query.toString()}`;
}
