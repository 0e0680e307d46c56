/** A tenant's connection for instance tests (made-up keys: no request reaches a ConnectWise with them). */
export const tenant = {
  siteUrl: 'na.myconnectwise.net',
  companyId: 'acme',
  publicKey: 'public-key-1',
  privateKey: 'private-key-1',
  clientId: '3f1f7b3e-1c5c-4f39-9a3c-2b1e5d0f9a11',
};
