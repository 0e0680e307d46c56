import type { SyncWorld } from './sync-world.js';

/**
 * Creates `count` companies in the world's sandbox (identifiers `<prefix>-1`…), each with `contactsEach`
 * contacts (first name `<prefix><n>`), as a person would in ConnectWise; resolves to the companies' ids.
 */
export async function createCompanies(
  world: SyncWorld,
  prefix: string,
  count: number,
  contactsEach = 0,
): Promise<number[]> {
  const ids: number[] = [];
  for (let index = 1; index <= count; index += 1) {
    const company = await world.cw.client.company.companies.create({
      site: { name: 'Main' },
      identifier: `${prefix}-${index}`,
      name: `${prefix} company ${index}`,
      city: 'Tampa',
    });
    ids.push(company.id);
    for (let contact = 1; contact <= contactsEach; contact += 1) {
      await world.cw.client.company.contacts.create({
        firstName: `${prefix}${index}`,
        lastName: `Contact${contact}`,
        company: { id: company.id },
      });
    }
  }
  return ids;
}

/**
 * Many companies for a pull, `count` in all with a contact each: the first made through the API
 * (`<prefix>-0`, named `<name> 0`, its contact "Pulled <contactLastName>"), the rest seeded by the sandbox with
 * the same identifier prefix — quicker than a create per company.
 */
export async function seedCompaniesToPull(
  world: SyncWorld,
  options: { prefix: string; name: string; contactLastName: string; count: number },
): Promise<void> {
  const template = await world.cw.client.company.companies.create({
    site: { name: 'Main' },
    identifier: `${options.prefix}-0`,
    name: `${options.name} 0`,
    city: 'Tampa',
  });
  await world.cw.client.company.contacts.create({
    firstName: 'Pulled',
    lastName: options.contactLastName,
    company: { id: template.id },
  });
  const seeded = await fetch(`${world.cw.sandbox.url}/__sandbox/seed/companies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      count: options.count - 1,
      contactsPerCompany: 1,
      identifierPrefix: `${options.prefix}-`,
    }),
  });
  if (!seeded.ok) throw new Error(`the sandbox seeded no companies: ${seeded.status} ${await seeded.text()}`);
}
