import type { RecordStore } from '../bss/store/index.js';
import type { EntityName } from '../bss/records/index.js';
import { where, type ConnectWiseClient } from '../connectwise/index.js';
import {
  openInstanceClient,
  type InstanceRepository,
  type InstanceSummary,
  type LookupRepository,
} from '../instances/index.js';
import type { Logger } from '../logging/logger.js';
import type { RunningSandbox } from '../sandbox/index.js';
import { planDemoCommerce, type DemoCommercePlan } from './demo-commerce.js';
import { planDemoRecords, type DemoPlan } from './demo-records.js';
import { prepareDemoCommerce, writeDemoCommerce } from './seed-demo-commerce.js';

export interface DemoSeedOptions {
  store: RecordStore;
  instances: InstanceRepository;
  lookups: LookupRepository;
  /** the built-in sandbox the demo instance points at */
  sandbox: RunningSandbox;
  /** BSS accounts to create (default 200), each with one to three contacts, and commerce records for them */
  accounts?: number;
  logger?: Logger;
}

export interface DemoSeedResult {
  instance: InstanceSummary;
  accounts: number;
  contacts: number;
  plan: DemoPlan;
  /** products, orders, invoices, payments and subscriptions, with their own records that fail on purpose */
  commerce: DemoCommercePlan;
}

/** The demo instance's clientId: any GUID does for the sandbox. */
const demoClientId = '5f1c0d2e-7a3b-4c4d-9e8f-0a1b2c3d4e5f';
const importOrigin = { origin: 'import' as const };

/**
 * The first start of `cwsync serve` with no ConnectWise configured: an instance pointing at the built-in sandbox
 * with its lookups mapped, and a BSS with accounts, contacts, products, orders, invoices, payments and
 * subscriptions to sync — some already in the sandbox (the first
 * sync links them), a few that fail for a reason a person can fix. Does nothing once an instance or an account
 * exists: the demo never touches a set-up installation. The records enter the change feed, so the running sync
 * picks them up by itself.
 */
export async function seedDemo(options: DemoSeedOptions): Promise<DemoSeedResult | undefined> {
  if ((await options.instances.list()).length > 0) return undefined;
  if ((await options.store.list('accounts', { limit: 1 })).items.length > 0) return undefined;
  const plan = planDemoRecords(options.accounts ?? 200);
  const commerce = planDemoCommerce(plan.accounts);

  for (const [id, name] of [
    ['customer', 'Customer'],
    ['partner', 'Partner'],
    ['reseller', 'Reseller'],
  ] as const) {
    await options.store.upsert('account-types', id, { name }, importOrigin);
  }
  await options.store.upsert(
    'currencies',
    'USD',
    { name: 'US Dollar', code: 'USD', symbol: '$' },
    importOrigin,
  );
  await options.store.upsert('currencies', 'EUR', { name: 'Euro', code: 'EUR', symbol: '€' }, importOrigin);

  const { companyId, publicKey, privateKey } = options.sandbox.credentials;
  const instance = await options.instances.create({
    id: 'demo',
    name: 'Built-in sandbox',
    siteUrl: options.sandbox.url,
    companyId,
    publicKey,
    privateKey,
    clientId: demoClientId,
  });
  const client = await openInstanceClient(options.instances, instance.id);
  try {
    await mapLookups(options.lookups, instance.id, client);
    await prepareDemoCommerce(options, instance.id, client);
    // Companies a person already made in ConnectWise, with the identifier the BSS account will push as.
    const byId = new Map(plan.accounts.map((account) => [account.id, account]));
    for (const id of plan.alreadyInConnectWise) {
      const existing = await client.company.companies.page({ conditions: where('identifier', '=', id) });
      if (existing.items.length > 0) continue;
      const fields = byId.get(id)!.fields as { name: string; addresses: Array<{ city: string }> };
      await client.company.companies.create({
        identifier: id,
        name: fields.name,
        city: fields.addresses[0]!.city,
        site: { name: 'Main' },
      });
    }
  } finally {
    await client.close();
  }

  let contacts = 0;
  for (const account of plan.accounts) {
    await options.store.upsert('accounts', account.id, account.fields, importOrigin);
    for (const contact of account.contacts) {
      await options.store.upsert('contacts' satisfies EntityName, contact.id, contact.fields, importOrigin);
      contacts += 1;
    }
    await options.store.update(
      'accounts',
      account.id,
      { primaryContact: { id: account.contacts[0]!.id } },
      importOrigin,
    );
  }
  await writeDemoCommerce(options.store, commerce);
  options.logger?.info(
    {
      instanceId: instance.id,
      accounts: plan.accounts.length,
      contacts,
      products: commerce.products.length,
      orders: commerce.orders.length,
      invoices: commerce.invoices.length,
      payments: commerce.payments.length,
      subscriptions: commerce.subscriptions.length,
    },
    'demo: an instance on the built-in sandbox and BSS records to sync',
  );
  return { instance, accounts: plan.accounts.length, contacts, plan, commerce };
}

async function mapLookups(
  lookups: LookupRepository,
  instanceId: string,
  client: ConnectWiseClient,
): Promise<void> {
  const types = (await client.company.companyTypes.page()).items;
  const typeId = (name: string) => types.find((type) => type.name === name)?.id;
  for (const [internalId, name] of [
    ['customer', 'Customer'],
    ['partner', 'Partner'],
  ] as const) {
    const id = typeId(name);
    if (id !== undefined)
      await lookups.set(instanceId, { lookup: 'AccountType', internalId, integrationId: String(id) });
  }
  const currencies = (await client.finance.currencies.page({ pageSize: 100 })).items;
  for (const code of ['USD', 'EUR']) {
    const currency = currencies.find((item) => item.currencyIdentifier === code);
    if (currency)
      await lookups.set(instanceId, {
        lookup: 'Currency',
        internalId: code,
        integrationId: String(currency.id),
      });
  }
}
