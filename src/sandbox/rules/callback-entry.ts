import { randomUUID } from 'node:crypto';
import type { FieldError } from '../http/connectwise-error.js';
import type { HandRule } from '../registry/resource-definition.js';

/** Levels per callback type, after ConnectWise's PSA-Callbacks page (Company: Owner/Status/Type/Territory/Company/IntegratorTag). */
const levelsByType = new Map<string, string[]>(
  Object.entries({
    company: ['owner', 'status', 'type', 'territory', 'company', 'integratortag'],
    contact: ['owner', 'company', 'contact', 'type', 'integratortag'],
    agreement: ['owner', 'company', 'type', 'agreement', 'integratortag'],
    invoice: ['owner', 'company', 'invoice', 'integratortag'],
    salesorder: ['owner', 'company', 'status', 'integratortag'],
    productcatalog: ['owner', 'type', 'integratortag'],
    opportunity: ['owner', 'company', 'status', 'integratortag'],
    ticket: ['owner', 'board', 'status', 'company', 'integratortag'],
    project: ['owner', 'board', 'status', 'company', 'integratortag'],
    configuration: ['owner', 'company', 'type', 'integratortag'],
    activity: ['owner', 'company', 'integratortag'],
    purchaseorder: ['owner', 'integratortag'],
  }),
);

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function lower(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase() : '';
}

/** The captured callback errors: "Invalid URL", "Unrecognized level for type ...", and ObjectExists on duplicates. */
export const validateCallbackEntry: HandRule = ({ record, previous, store, definition, member }) => {
  const resource = definition.objectName;
  const errors: FieldError[] = [];
  if (!isHttpUrl(record.url))
    errors.push({ code: 'InvalidField', message: 'Invalid URL', resource, field: 'url' });
  const levels = levelsByType.get(lower(record.type));
  if (levels === undefined) {
    errors.push({
      code: 'InvalidObject',
      message: 'Unrecognized type, see documentation for supported types',
      resource,
      field: 'type',
    });
  } else if (!levels.includes(lower(record.level))) {
    errors.push({
      code: 'InvalidObject',
      message: 'Unrecognized level for type, see documentation for supported levels for each type',
      resource,
      field: 'level',
    });
  }
  // The captured create sent objectId 0 for level "owner" and got back objectId 1.
  if (
    lower(record.level) === 'owner' &&
    (record.objectId === undefined || record.objectId === null || record.objectId === 0)
  ) {
    record.objectId = 1;
  }
  const duplicate = store
    .list(definition.path)
    .some(
      (other) =>
        other.id !== previous?.id &&
        other.url === record.url &&
        lower(other.type) === lower(record.type) &&
        lower(other.level) === lower(record.level) &&
        other.objectId === record.objectId,
    );
  if (duplicate) {
    errors.push({
      code: 'ObjectExists',
      message: 'A matching callback entry already exists',
      resource,
      field: 'objectId',
    });
  }
  record.memberId = previous?.memberId ?? member.id ?? 0;
  record.inactiveFlag = record.inactiveFlag === true;
  record.isSoapCallbackFlag = false;
  record.isSelfSuppressedFlag = record.isSelfSuppressedFlag === true;
  if (typeof record.connectWiseID !== 'string' || record.connectWiseID === '') {
    record.connectWiseID = (previous?.connectWiseID as string | undefined) ?? randomUUID();
  }
  return errors;
};
