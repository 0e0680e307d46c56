import type { SandboxStore } from '../context.js';
import { insertRows } from './insert-rows.js';

export const companyStatusesResource = 'company/companies/statuses';
export const companyTypesResource = 'company/companies/types';
export const contactTypesResource = 'company/contacts/types';

const statusDefaults = {
  notifyFlag: false,
  disallowSavingFlag: false,
  customNoteFlag: false,
  cancelOpenTracksFlag: false,
};

const companyStatuses = [
  { name: 'Active', defaultFlag: true, inactiveFlag: false, ...statusDefaults },
  { name: 'Inactive', defaultFlag: false, inactiveFlag: true, ...statusDefaults },
  { name: 'Not Approved', defaultFlag: false, inactiveFlag: false, ...statusDefaults },
  {
    name: 'Credit Hold',
    defaultFlag: false,
    inactiveFlag: false,
    ...statusDefaults,
    notifyFlag: true,
    notificationMessage: 'This company is on credit hold. Contact accounting before doing any work.',
  },
  { name: 'Imported', defaultFlag: false, inactiveFlag: false, ...statusDefaults },
];

const companyTypes = [
  { name: 'Customer', defaultFlag: true, vendorFlag: false, serviceAlertFlag: false },
  { name: 'Prospect', defaultFlag: false, vendorFlag: false, serviceAlertFlag: false },
  { name: 'Vendor', defaultFlag: false, vendorFlag: true, serviceAlertFlag: false },
  { name: 'Partner', defaultFlag: false, vendorFlag: false, serviceAlertFlag: false },
  { name: 'Competitor', defaultFlag: false, vendorFlag: false, serviceAlertFlag: false },
  { name: 'Former Customer', defaultFlag: false, vendorFlag: false, serviceAlertFlag: false },
  { name: 'Owner', defaultFlag: false, vendorFlag: false, serviceAlertFlag: false },
];

const contactTypes = [
  { description: 'Primary Contact', defaultFlag: true, serviceAlertFlag: false },
  { description: 'Billing', defaultFlag: false, serviceAlertFlag: false },
  { description: 'Technical', defaultFlag: false, serviceAlertFlag: false },
  { description: 'Decision Maker', defaultFlag: false, serviceAlertFlag: false },
  { description: 'End User', defaultFlag: false, serviceAlertFlag: false },
  { description: 'Former Employee', defaultFlag: false, serviceAlertFlag: false },
];

export function seedCompanyLookups(store: SandboxStore): void {
  insertRows(store, companyStatusesResource, companyStatuses);
  insertRows(store, companyTypesResource, companyTypes);
  insertRows(store, contactTypesResource, contactTypes);
}
