import type { WrittenChange } from '../registry/resource-definition.js';

export const companiesResource = 'company/companies';
export const typeAssociationsResource = 'company/companyTypeAssociations';

function referenceId(value: unknown): number | undefined {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'number' ? id : undefined;
}

/** A company created with `types` gets one type association per type, as ConnectWise keeps them. */
export function createTypeAssociationsOfNewCompany(change: WrittenChange): void {
  if (change.action !== 'added' || change.record === null) return;
  const company = change.record;
  const types = Array.isArray(company.types) ? company.types : [];
  for (const type of types) {
    change.store.insert(
      typeAssociationsResource,
      { type, company: { id: company.id, identifier: company.identifier, name: company.name } },
      change.memberIdentifier,
    );
  }
}

export function removeTypeAssociationsOfDeletedCompany(change: WrittenChange): void {
  if (change.action !== 'deleted' || change.previous === undefined) return;
  const companyId = change.previous.id;
  for (const association of change.store.list(typeAssociationsResource)) {
    if (referenceId(association.company) === companyId) {
      change.store.remove(typeAssociationsResource, association.id as number, change.memberIdentifier);
    }
  }
}

/** After a type association changes, the company's `types` list shows the associations again. */
export function refreshCompanyTypes(change: WrittenChange): void {
  const association = change.record ?? change.previous;
  const companyId = referenceId(association?.company);
  if (companyId === undefined) return;
  const companyIds = new Set([companyId, referenceId(change.previous?.company)]);
  for (const id of companyIds) {
    if (id === undefined) continue;
    const company = change.store.get(companiesResource, id);
    if (company === undefined) continue;
    const types = change.store
      .list(typeAssociationsResource)
      .filter((row) => referenceId(row.company) === id)
      .map((row) => row.type);
    change.store.replace(companiesResource, id, { ...company, types }, change.memberIdentifier);
  }
}
