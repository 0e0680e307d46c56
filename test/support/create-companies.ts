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
