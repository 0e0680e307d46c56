// What the scenario suites read back from the ConnectWise sandbox and the links: companies, contacts, duplicates.
import { where } from '../../../../src/connectwise/index.js';
import { createLinkRepository } from '../../../../src/instances/index.js';
import type { SyncLink } from '../../../../src/engine/index.js';
import { collect } from '../../../connectwise/support/sandbox.js';
import type { SyncWorld } from '../../../support/sync-world.js';

export type CompanyRecord = Record<string, unknown> & { id: number; identifier: string; name: string };
export type ContactRecord = Record<string, unknown> & {
  id: number;
  firstName: string;
  lastName?: string;
  company?: { id: number };
  communicationItems?: Array<{ communicationType?: string; value?: string; type?: { name?: string } }>;
};

/** Every company in the sandbox, read through the API (forward-only, 1000 a page). */
export async function allCompanies(world: SyncWorld): Promise<CompanyRecord[]> {
  return (await collect(world.cw.client.company.companies.list({ pageSize: 1000 }))) as CompanyRecord[];
}

/** Every contact in the sandbox. */
export async function allContacts(world: SyncWorld): Promise<ContactRecord[]> {
  return (await collect(world.cw.client.company.contacts.list({ pageSize: 1000 }))) as ContactRecord[];
}

/** The companies whose identifier is `identifier` (a BSS account's id): one when in step, never two. */
export async function companiesIdentifiedAs(world: SyncWorld, identifier: string): Promise<CompanyRecord[]> {
  return (await collect(
    world.cw.client.company.companies.list({ conditions: where('identifier', '=', identifier) }),
  )) as CompanyRecord[];
}

/** The contacts of one company. */
export async function contactsOfCompany(world: SyncWorld, companyId: number): Promise<ContactRecord[]> {
  return (await collect(
    world.cw.client.company.contacts.list({ conditions: where('company/id', '=', companyId) }),
  )) as ContactRecord[];
}

/** The link of a BSS record on the world's instance, if it has one. */
export function linkOf(world: SyncWorld, module: string, recordId: string): Promise<SyncLink | undefined> {
  return createLinkRepository(world.database.db).find(world.instanceId, module, recordId);
}

/** Values that occur more than once (a duplicated company identifier, a contact made twice). */
export function duplicatesOf(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) twice.add(value);
    seen.add(value);
  }
  return [...twice].sort();
}

/** How many calls the sandbox counted for one endpoint, by HTTP status (or "dropped", "answer-lost"). */
export async function callsTo(
  world: SyncWorld,
  method: string,
  resource: string,
): Promise<{ total: number; statuses: Record<string, number> }> {
  const response = await fetch(`${world.cw.sandbox.url}/__sandbox/calls`);
  const body = (await response.json()) as {
    endpoints: Array<{ method: string; route: string; total: number; statuses: Record<string, number> }>;
  };
  const found = body.endpoints.find(
    (endpoint) => endpoint.method === method && endpoint.route === `/v4_6_release/apis/3.0/${resource}`,
  );
  return { total: found?.total ?? 0, statuses: found?.statuses ?? {} };
}
