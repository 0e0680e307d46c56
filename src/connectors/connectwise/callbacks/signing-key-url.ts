import { resolveApiOrigin } from '../../../connectwise/index.js';

/** Domains whose every host is ConnectWise's own cloud: a key published on any of them is ConnectWise's. */
const connectWiseCloudDomains = ['myconnectwise.net', 'connectwisedev.com'];

/**
 * Whether a callback's `Metadata.key_url` may be trusted for an instance: the URL comes from the body, which is
 * not verified yet, so a key fetched from anywhere else would let anyone sign a callback. Allowed: the
 * instance's own site or API origin, or, for a site in ConnectWise's cloud, an https host of that cloud
 * (callbacks of `na.myconnectwise.net` carry key URLs on e.g. `sandbox-na.myconnectwise.net`).
 */
export function isSigningKeyUrlOfSite(keyUrl: string, siteUrl: string): boolean {
  let key: URL;
  let site: URL;
  let apiOrigin: string;
  try {
    key = new URL(keyUrl);
    apiOrigin = resolveApiOrigin(siteUrl);
    site = new URL(
      /^[a-z][a-z0-9+.-]*:\/\//i.test(siteUrl.trim()) ? siteUrl.trim() : `https://${siteUrl.trim()}`,
    );
  } catch {
    return false;
  }
  if (key.username !== '' || key.password !== '') return false;
  if (key.origin === site.origin || key.origin === apiOrigin) return true;
  if (key.protocol !== 'https:' || key.port !== '') return false;
  const cloud = connectWiseCloudDomains.find((domain) => site.hostname.endsWith(`.${domain}`));
  return cloud !== undefined && key.hostname.endsWith(`.${cloud}`);
}

/** Whether a key URL is on the instance's own site or API origin (where its API keys may be sent). */
export function isSiteOwnUrl(keyUrl: string, siteUrl: string): boolean {
  try {
    const key = new URL(keyUrl);
    const site = new URL(
      /^[a-z][a-z0-9+.-]*:\/\//i.test(siteUrl.trim()) ? siteUrl.trim() : `https://${siteUrl.trim()}`,
    );
    return key.username === '' && (key.origin === site.origin || key.origin === resolveApiOrigin(siteUrl));
  } catch {
    return false;
  }
}
