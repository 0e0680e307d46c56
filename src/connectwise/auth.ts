export interface ApiKeys {
  companyId: string;
  publicKey: string;
  privateKey: string;
}

/** `Basic base64(companyId+publicKey:privateKey)`, ConnectWise's API-member authentication. */
export function buildAuthorizationHeader(keys: ApiKeys): string {
  const token = Buffer.from(`${keys.companyId}+${keys.publicKey}:${keys.privateKey}`).toString('base64');
  return `Basic ${token}`;
}

export function buildAcceptHeader(apiVersion: string): string {
  return `application/vnd.connectwise.com+json; version=${apiVersion}`;
}
