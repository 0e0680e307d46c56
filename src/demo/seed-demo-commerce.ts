import type { RecordStore } from '../bss/store/index.js';
import type { EntityName } from '../bss/records/index.js';
import { where, type ConnectWiseClient } from '../connectwise/index.js';
import type { InstanceRepository, LookupRepository } from '../instances/index.js';
import { demoBillingCycles, demoPaymentMethods, type DemoCommercePlan } from './demo-commerce.js';

const importOrigin = { origin: 'import' as const };

/**
 * What the commerce modules need on the demo instance, taken from the sandbox by name rather than by id: the
 * server variables (sales rep, location, catalog category, subcategory and type, the credit-card method), the
 * UnitType, Subscription Units and PaymentMethod lookups, and the BSS values they map (triennial left unmapped).
 */
export async function prepareDemoCommerce(
  context: { store: RecordStore; instances: InstanceRepository; lookups: LookupRepository },
  instanceId: string,
  client: ConnectWiseClient,
): Promise<void> {
  const idOf = async (resource: string, field: string, value: string): Promise<number | undefined> =>
    (await client.resource<{ id: number }>(resource).page({ conditions: where(field, '=', value) })).items[0]
      ?.id;
  const cloudServices = await idOf('procurement/categories', 'name', 'Cloud Services');
  const named = {
    salesRepresentativeId: await idOf('system/members', 'identifier', 'jsmith'),
    locationId: await idOf('system/locations', 'name', 'Remote'),
    productCategoryId: cloudServices,
    productSubCategoryId: await idOf('procurement/subcategories', 'name', 'Microsoft 365'),
    productTypeId: await idOf('procurement/types', 'name', 'Subscription'),
  };
  const found = Object.fromEntries(Object.entries(named).filter(([, id]) => id !== undefined));
  await context.instances.update(instanceId, {
    serverVariables: { ...found, creditCardMethodId: 'card' },
  });

  await context.store.upsert('unit-types', 'licence', { name: 'Licence', code: 'licence' }, importOrigin);
  if (cloudServices !== undefined)
    await context.lookups.set(instanceId, {
      lookup: 'UnitType',
      internalId: 'licence',
      integrationId: String(cloudServices),
    });
  for (const [position, cycle] of demoBillingCycles.entries()) {
    await context.store.upsert(
      'billing-cycles',
      cycle.id,
      { name: cycle.name, code: cycle.id, months: cycle.months, position },
      importOrigin,
    );
    const agreementType =
      cycle.agreementType === undefined
        ? undefined
        : await idOf('finance/agreements/types', 'name', cycle.agreementType);
    if (agreementType !== undefined)
      await context.lookups.set(instanceId, {
        lookup: 'SubscriptionUnits',
        internalId: cycle.id,
        internalName: cycle.name,
        integrationId: String(agreementType),
      });
  }
  for (const method of demoPaymentMethods) {
    await context.store.upsert(
      'payment-methods',
      method.id,
      { name: method.name, isCreditCard: method.isCreditCard },
      importOrigin,
    );
    if (method.connectwiseType !== undefined)
      await context.lookups.set(instanceId, {
        lookup: 'PaymentMethod',
        internalId: method.id,
        internalName: method.name,
        integrationId: method.connectwiseType,
      });
  }
}

/** Writes the commerce records, in the order an import brings them; the change feed takes them from there. */
export async function writeDemoCommerce(store: RecordStore, plan: DemoCommercePlan): Promise<void> {
  const batches: Array<[EntityName, DemoCommercePlan['products']]> = [
    ['products', plan.products],
    ['orders', plan.orders],
    ['invoices', plan.invoices],
    ['payments', plan.payments],
    ['subscriptions', plan.subscriptions],
  ];
  for (const [entity, records] of batches) {
    for (const record of records) await store.upsert(entity, record.id, record.fields, importOrigin);
  }
}
