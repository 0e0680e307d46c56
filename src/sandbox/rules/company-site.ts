import type { FieldError } from '../http/connectwise-error.js';
import type { HandRule, WrittenChange } from '../registry/resource-definition.js';
import { describeReference } from '../validation/resolve-reference.js';
import { isBlank } from './required-fields.js';

const companiesResource = 'company/companies';
export const companySitesResource = 'company/companies/{parentId}/sites';

/** Mwbergamo/SolutionsHub register/api/customers.php, round 1: "Company Site name is required." */
function siteRequired(resource: string): FieldError {
  return { code: 'MissingRequiredField', message: 'Company Site name is required.', resource, field: 'site' };
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function companyIdOf(site: Record<string, unknown>): unknown {
  return asObject(site.company)?.id;
}

function nameOnly(sent: Record<string, unknown> | undefined): string | undefined {
  if (sent === undefined || (sent.id !== undefined && sent.id !== null)) return undefined;
  return typeof sent.name === 'string' && sent.name.trim() !== '' ? sent.name.trim() : undefined;
}

/**
 * A company's `site`. Real tenants refuse a company without one, and a `site: {name}` the company does not have
 * yet is a new site ConnectWise creates for it (the integrator sends `{name: "Main"}` on every create). The
 * new site's id is taken now, so the company is stored with its site reference in one write; the site row
 * itself is added by `createNamedSiteOfCompany` once the company exists. Schema-only sandboxes resolve the
 * reference like any other.
 */
export const resolveCompanySite: HandRule = ({
  record,
  previous,
  store,
  tenantRules,
  definition,
  ...input
}) => {
  const sent = record.site;
  const sentObject = asObject(sent);
  const blank =
    isBlank(sent) || (sentObject !== undefined && isBlank(sentObject.id) && isBlank(sentObject.name));
  if (blank) {
    record.site = null;
    return tenantRules.enabled ? [siteRequired(definition.objectName)] : [];
  }
  const name = tenantRules.enabled ? nameOnly(sentObject) : undefined;
  if (name === undefined) {
    const resolved = input.resolveReference('SiteReference', sent, 'site');
    if (!resolved.ok) return [resolved.error];
    record.site = resolved.reference;
    return [];
  }
  const companyId = previous?.id ?? store.nextIdOf(companiesResource);
  const own = store
    .list(companySitesResource)
    .find(
      (site) =>
        companyIdOf(site) === companyId &&
        typeof site.name === 'string' &&
        site.name.toLowerCase() === name.toLowerCase(),
    );
  record.site =
    own === undefined
      ? { id: store.nextIdOf(companySitesResource), name }
      : describeReference('SiteReference', own);
  return [];
};

const copiedAddressFields = [
  'addressLine1',
  'addressLine2',
  'city',
  'zip',
  'country',
  'phoneNumber',
  'faxNumber',
];

/** Adds the site a company write named but that does not exist yet, under the id the company already holds. */
export function createNamedSiteOfCompany(change: WrittenChange): void {
  if (change.action === 'deleted' || change.record === null) return;
  const company = change.record;
  const site = asObject(company.site);
  if (typeof site?.id !== 'number' || change.store.get(companySitesResource, site.id) !== undefined) return;
  // The new site carries the company's address (inferred: ConnectWise shows a company's address on its site).
  const row: Record<string, unknown> = {
    id: site.id,
    name: site.name,
    company: { id: company.id, identifier: company.identifier, name: company.name },
    inactiveFlag: false,
    primaryAddressFlag: true,
    defaultShippingFlag: true,
    defaultBillingFlag: true,
    defaultMailingFlag: true,
  };
  for (const field of copiedAddressFields) if (!isBlank(company[field])) row[field] = company[field];
  change.store.insert(companySitesResource, row, change.memberIdentifier);
}

/** Deleting a company deletes its sites. */
export function removeSitesOfDeletedCompany(change: WrittenChange): void {
  if (change.action !== 'deleted' || change.previous === undefined) return;
  const companyId = change.previous.id;
  for (const site of change.store.list(companySitesResource)) {
    if (companyIdOf(site) === companyId)
      change.store.remove(companySitesResource, site.id as number, change.memberIdentifier);
  }
}
