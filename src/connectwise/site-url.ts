import { ConfigurationError } from '../errors/index.js';
/** ConnectWise cloud sites whose REST API lives on the `api-` host of the same name. */
const cloudSiteHosts = new Set([
  'na.myconnectwise.net',
  'eu.myconnectwise.net',
  'au.myconnectwise.net',
  'aus.myconnectwise.net',
  'za.myconnectwise.net',
  'staging.connectwisedev.com',
]);

/**
 * The origin (scheme, host, port) to send API calls to. A bare host means HTTPS; ConnectWise cloud hosts are
 * mapped to their `api-` host; an explicit scheme or port is kept, so `http://127.0.0.1:PORT` reaches the
 * sandbox.
 */
export function resolveApiOrigin(siteUrl: string): string {
  const trimmed = siteUrl.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigurationError(
      `siteUrl '${siteUrl}' is not a host name or URL (expected e.g. na.myconnectwise.net)`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`siteUrl '${siteUrl}' must use http or https, not ${url.protocol}`);
  }
  if (url.pathname !== '/' || url.search !== '') {
    throw new ConfigurationError(
      `siteUrl '${siteUrl}' must be a host or origin without a path; set the codebase option instead of '${url.pathname}'`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigurationError('siteUrl must not carry credentials; use publicKey and privateKey');
  }
  if (cloudSiteHosts.has(url.hostname)) url.hostname = `api-${url.hostname}`;
  return url.origin;
}
