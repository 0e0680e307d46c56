import type { SandboxStore } from '../../../src/sandbox/context.js';

/** The communication types the captured contact bodies use, with their ids and names. */
export function insertCapturedCommunicationTypes(store: SandboxStore): void {
  const rows: Array<[number, string, 'Email' | 'Phone' | 'Fax']> = [
    [1, 'Email', 'Email'],
    [2, 'Phone - Direct', 'Phone'],
    [3, 'Fax - Work', 'Fax'],
    [13, 'Individual Professional', 'Email'],
    [26, 'Work Fax', 'Fax'],
  ];
  for (const [id, description, channel] of rows) {
    store.insert(
      'company/communicationTypes',
      {
        id,
        description,
        emailFlag: channel === 'Email',
        phoneFlag: channel === 'Phone',
        faxFlag: channel === 'Fax',
      },
      'seed',
    );
  }
}

/** Minimal company lookups: statuses Active (default) and Inactive, types Customer and Vendor. */
export function insertCompanyLookups(store: SandboxStore): {
  active: number;
  customer: number;
  vendor: number;
} {
  const active = store.insert('company/companies/statuses', { name: 'Active', defaultFlag: true }, 'seed')
    .id as number;
  store.insert('company/companies/statuses', { name: 'Inactive' }, 'seed');
  const customer = store.insert('company/companies/types', { name: 'Customer' }, 'seed').id as number;
  const vendor = store.insert('company/companies/types', { name: 'Vendor', vendorFlag: true }, 'seed')
    .id as number;
  return { active, customer, vendor };
}
