import { ConfigurationError } from '../../../errors/index.js';
/** The path below cwsync's public URL that ConnectWise posts an instance's callbacks to. */
export const callbackPathPrefix = '/api/v1/connectwise/callbacks/';

/**
 * The URL registered with ConnectWise for an instance's callbacks. ConnectWise appends the record id to the
 * registered URL, so it ends in `?recordId=` (the id then lands in the query, not in the path); the receiver
 * reads the id from the signed body, not from there.
 */
export function callbackUrlOf(publicUrl: string, instanceId: string): string {
  return `${publicBaseOf(publicUrl)}${callbackPathPrefix}${encodeURIComponent(instanceId)}?recordId=`;
}

/** `https://cwsync.example.com/` → `https://cwsync.example.com`; refuses what ConnectWise could not post to. */
export function publicBaseOf(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl.trim());
  } catch {
    throw new ConfigurationError(
      `public URL "${publicUrl}" is not a URL (expected e.g. https://cwsync.example.com)`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`public URL "${publicUrl}" must use https (or http), not ${url.protocol}`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ConfigurationError(`public URL "${publicUrl}" must have no query, fragment or credentials`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
