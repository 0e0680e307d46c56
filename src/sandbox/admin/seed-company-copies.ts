import { z } from 'zod';
import type { SandboxStore } from '../context.js';

const companies = 'company/companies';
const contacts = 'company/contacts';

export const seedCompanyCopiesSchema = z.strictObject({
  /** companies to add */
  count: z.number().int().min(1).max(1_000_000),
  /** contacts to add to each of them */
  contactsPerCompany: z.number().int().min(0).max(20).default(0),
  /** the copies' identifiers are this prefix and their number (1, 2, …) */
  identifierPrefix: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,20}$/)
    .default('SEED-'),
});

export type SeedCompanyCopies = z.infer<typeof seedCompanyCopiesSchema>;

/**
 * Adds `count` companies (and `contactsPerCompany` contacts each) straight into the store, each a copy of the
 * newest company (and of that company's first contact) made through the API, with its own identifier, name,
 * bill-to and email. For benchmarks that need a tenant of hundreds of thousands of records in seconds: the
 * template went through every rule once, the copies differ from it only in what must be unique.
 */
export function seedCompanyCopies(
  store: SandboxStore,
  request: SeedCompanyCopies,
): { companies: number; contacts: number } {
  const existing = store.list(companies);
  const template = existing.at(-1);
  if (template === undefined) throw new Error('no company to copy: create one through the API first');
  const contactTemplate = store
    .list(contacts)
    .find((contact) => (contact.company as { id?: unknown } | undefined)?.id === template.id);
  if (request.contactsPerCompany > 0 && contactTemplate === undefined) {
    throw new Error(
      `company ${String(template.id)} has no contact to copy: create one through the API first`,
    );
  }
  const author = String((template._info as { enteredBy?: unknown } | undefined)?.enteredBy ?? 'cwsync');
  let contactCount = 0;
  for (let n = 1; n <= request.count; n += 1) {
    const identifier = `${request.identifierPrefix}${n}`;
    const name = `${String(template.name)} ${n}`;
    const { id: _id, _info: _companyInfo, ...companyFields } = template;
    const reference = { id: store.nextIdOf(companies), identifier, name };
    store.insert(companies, { ...companyFields, ...reference, billToCompany: reference }, author);
    for (let c = 1; c <= request.contactsPerCompany; c += 1) {
      const { id: _contactId, _info: _contactInfo, ...contactFields } = contactTemplate!;
      const items = (contactFields.communicationItems ?? []) as Array<Record<string, unknown>>;
      store.insert(
        contacts,
        {
          ...contactFields,
          firstName: `First${c}`,
          lastName: `Last${n}`,
          company: reference,
          communicationItems: items.map((item) =>
            item.communicationType === 'Email'
              ? { ...item, value: `c${c}.${n}@seed.example`, domain: '@seed.example' }
              : item,
          ),
        },
        author,
      );
      contactCount += 1;
    }
  }
  return { companies: request.count, contacts: contactCount };
}
