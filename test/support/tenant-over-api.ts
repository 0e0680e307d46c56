import type { SandboxWithClient } from '../connectwise/support/sandbox.js';
import { testKeys } from '../connectwise/support/test-client.js';

/** A request to a running cwsync's API with the operator's token (the suite's own `call`). */
export type ApiCall = (method: string, path: string, body?: unknown) => Promise<unknown>;

/**
 * Through the API of a running cwsync: the instance `tenant` on the sandbox, the account type `customer` and the
 * currency `USD` in the BSS, and both mapped to ConnectWise's Customer type and USD currency.
 */
export async function addTenantOverApi(call: ApiCall, cw: SandboxWithClient): Promise<void> {
  await call('POST', '/api/v1/instances', {
    id: 'tenant',
    name: 'Tenant',
    siteUrl: cw.sandbox.url,
    ...cw.sandbox.credentials,
    clientId: testKeys.clientId,
  });
  const customer = (await cw.client.company.companyTypes.page()).items.find(
    (type) => type.name === 'Customer',
  )!;
  const usd = (await cw.client.finance.currencies.page({ pageSize: 100 })).items.find(
    (currency) => currency.currencyIdentifier === 'USD',
  )!;
  await call('POST', '/api/v1/account-types', { id: 'customer', name: 'Customer' });
  await call('POST', '/api/v1/currencies', { id: 'USD', name: 'US Dollar', code: 'USD', symbol: '$' });
  await call('PUT', '/api/v1/instances/tenant/lookups/AccountType/customer', {
    integrationId: String(customer.id),
  });
  await call('PUT', '/api/v1/instances/tenant/lookups/Currency/USD', { integrationId: String(usd.id) });
}
