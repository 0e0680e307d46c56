import type { HandRule } from '../registry/resource-definition.js';
import { rejectChangedCreateOnlyFields } from './create-only-fields.js';

const rejectChangedTypes = rejectChangedCreateOnlyFields(
  ['types'],
  'change types through /company/companies/{id}/typeAssociations',
);

/**
 * A company PUT that carries `types` — as every company read back does — is refused on ConnectWise's own field
 * name: "typeIds can only be used when creating a new company." (Mwbergamo/SolutionsHub
 * register/api/customers.php, register_cw_put_company_with_retry). PATCH keeps the older rule: a different
 * list is refused, the same list is kept.
 */
export const refuseCompanyTypesOnPut: HandRule = (input) => {
  const { record, previous, mode, sentFields, tenantRules, definition } = input;
  const types = record.types;
  const sendsTypes = sentFields.has('types') && Array.isArray(types) && types.length > 0;
  if (!tenantRules.enabled || mode !== 'replace' || !sendsTypes) return rejectChangedTypes(input);
  record.types = previous?.types ?? [];
  return [
    {
      code: 'InvalidField',
      message: 'typeIds can only be used when creating a new company.',
      resource: definition.objectName,
      field: 'typeIds',
    },
  ];
};
