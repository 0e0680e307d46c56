import type { HandRule } from '../registry/resource-definition.js';
import { isBlank } from './required-fields.js';

const addressFields = ['addressLine1', 'addressLine2', 'city', 'state', 'zip', 'country'];

/** The spec's text for Company: "At least one address field is required -- addressLine1, addressLine2, city, state, zip and/or country". */
export const requireOneAddressField: HandRule = ({ record, definition }) => {
  if (addressFields.some((field) => !isBlank(record[field]))) return [];
  return [
    {
      code: 'MissingRequiredField',
      message:
        'At least one address field is required -- addressLine1, addressLine2, city, state, zip and/or country.',
      resource: definition.objectName,
      field: 'addressLine1',
    },
  ];
};
