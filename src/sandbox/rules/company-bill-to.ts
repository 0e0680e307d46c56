import type { HandRule } from '../registry/resource-definition.js';
import { isBlank } from './required-fields.js';

/**
 * A new company left without `billToCompany` bills to itself: recorded companies show it (django-connectwise
 * djconnectwise/tests/fixtures.py company 2 → billToCompany 2; rapid7/insightconnect-plugins
 * plugins/connectwise/help.md company 250 → 250). No create answer is recorded, so `newCompanyBillTo: 'none'`
 * offers the other answer.
 */
export const billNewCompanyToItself: HandRule = ({ record, mode, store, tenantRules }) => {
  if (mode !== 'create' || !tenantRules.enabled || tenantRules.newCompanyBillTo !== 'self') return [];
  if (!isBlank(record.billToCompany)) return [];
  record.billToCompany = {
    id: store.nextIdOf('company/companies'),
    identifier: record.identifier,
    name: record.name,
  };
  return [];
};
