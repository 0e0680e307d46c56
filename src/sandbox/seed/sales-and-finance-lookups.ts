import type { SandboxStore } from '../context.js';
import { insertRows } from './insert-rows.js';

export const orderStatusesResource = 'sales/orders/statuses';
export const locationsResource = 'system/locations';
export const billingTermsResource = 'finance/billingTerms';
export const agreementTypesResource = 'finance/agreements/types';

const orderStatuses: ReadonlyArray<readonly [name: string, closedFlag: boolean]> = [
  ['New', false],
  ['Accepted', false],
  ['Ordered', false],
  ['Shipped', false],
  ['Invoiced', true],
  ['Closed', true],
  ['Cancelled', true],
];

const locations = ['Main Office', 'Remote', 'Warehouse'];

const billingTerms: ReadonlyArray<readonly [name: string, dueDays: number]> = [
  ['Net 30 Days', 30],
  ['Due on Receipt', 0],
  ['Net 15 Days', 15],
  ['Net 45 Days', 45],
  ['Net 60 Days', 60],
];

const agreementTypes = ['Subscriptions Monthly', 'Subscriptions Annual', 'Managed Services', 'Block Hours'];

export function seedSalesAndFinanceLookups(store: SandboxStore): void {
  insertRows(
    store,
    orderStatusesResource,
    orderStatuses.map(([name, closedFlag], index) => ({
      name,
      defaultFlag: index === 0,
      inactiveFlag: false,
      sortOrder: index + 1,
      closedFlag,
    })),
  );
  insertRows(
    store,
    locationsResource,
    locations.map((name) => ({
      name,
      structureLevel: { id: 1, name: 'Corporate' },
      locationFlag: true,
      clientFlag: false,
      workRoleIds: [],
      departmentIds: [],
    })),
  );
  insertRows(
    store,
    billingTermsResource,
    billingTerms.map(([name, dueDays], index) => ({ name, dueDays, defaultFlag: index === 0 })),
  );
  insertRows(
    store,
    agreementTypesResource,
    agreementTypes.map((name, index) => ({
      name,
      defaultFlag: index === 0,
      inactiveFlag: false,
      prePaymentFlag: false,
      employeeCompRate: 'Actual',
      employeeCompNotExceed: 'Billing',
      invoicingCycle: 'ContractYear',
      billTime: 'Billable',
      billExpenses: 'Billable',
      billProducts: 'Billable',
      billingCycle: index === 1 ? { id: 2, name: 'Yearly' } : { id: 1, name: 'Monthly' },
      taxableFlag: true,
      prorateFlag: true,
      autoInvoiceFlag: false,
    })),
  );
}
