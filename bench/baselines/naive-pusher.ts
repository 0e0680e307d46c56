// The naive integrator script, as someone would write it in an afternoon with connectwise-rest: read the BSS
// export (accounts.jsonl, contacts.jsonl), and for each account — `concurrency` at a time — look the company up
// by identifier, create it when absent, then create its contacts one after the other.
//   node --import tsx bench/baselines/naive-pusher.ts <site-url> <accounts.jsonl> <contacts.jsonl> <concurrency>
// Prints one JSON line: {records, seconds}.
import { readFileSync } from 'node:fs';
import type { Company, Contact } from 'connectwise-rest/dist/Manage/CompanyAPI.js';
import { connectwiseRest, eachAtOnce } from './connectwise-rest-client.js';

interface Account {
  id: string;
  code: string;
  name: string;
  phone: string;
  addresses: Array<{ address1: string; city: string; postCode: string; stateName: string }>;
}
interface BssContact {
  account: { id: string };
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

const [siteUrl, accountsFile, contactsFile, concurrencyText] = process.argv.slice(2);
if (!siteUrl || !accountsFile || !contactsFile) {
  throw new Error('usage: naive-pusher.ts <site-url> <accounts.jsonl> <contacts.jsonl> <concurrency>');
}
const concurrency = Number(concurrencyText ?? 1);
const readLines = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
const stateCodes: Record<string, string> = {
  Florida: 'FL',
  Texas: 'TX',
  California: 'CA',
  'New York': 'NY',
  Ohio: 'OH',
  Georgia: 'GA',
  Washington: 'WA',
  Nevada: 'NV',
};

const started = performance.now();
const cpuAtStart = process.cpuUsage();
const cw = connectwiseRest(siteUrl);
const accounts = readLines<Account>(accountsFile);
const contactsOf = new Map<string, BssContact[]>();
for (const contact of readLines<BssContact>(contactsFile)) {
  const list = contactsOf.get(contact.account.id) ?? [];
  list.push(contact);
  contactsOf.set(contact.account.id, list);
}

// The reference data, once.
const customer = (await cw.CompanyAPI.getCompanyCompaniesTypes({ conditions: 'name="Customer"' }))[0];
const usa = (await cw.CompanyAPI.getCompanyCountries({ conditions: 'name="United States"' }))[0];
const types = await cw.CompanyAPI.getCompanyCommunicationTypes({ pageSize: 100 });
const emailType = types.find((type) => type.description === 'Email');
const phoneType = types.find((type) => type.description === 'Phone - Direct');
if (!customer || !usa || !emailType || !phoneType) throw new Error('reference data missing in ConnectWise');

let records = 0;
await eachAtOnce(accounts, concurrency, async (account) => {
  const found = await cw.CompanyAPI.getCompanyCompanies({ conditions: `identifier="${account.id}"` });
  let companyId = found[0]?.id;
  if (companyId === undefined) {
    const address = account.addresses[0]!;
    const created = await cw.CompanyAPI.postCompanyCompanies({
      identifier: account.id,
      name: account.name,
      status: { id: 1 },
      site: { name: 'Main' },
      types: [{ id: customer.id }],
      addressLine1: address.address1,
      city: address.city,
      state: stateCodes[address.stateName],
      zip: address.postCode,
      country: { id: usa.id },
      phoneNumber: account.phone,
      accountNumber: account.code,
    } as Company);
    companyId = created.id;
  }
  records += 1;
  for (const contact of contactsOf.get(account.id) ?? []) {
    await cw.CompanyAPI.postCompanyContacts({
      firstName: contact.firstName,
      lastName: contact.lastName,
      company: { id: companyId },
      communicationItems: [
        { type: { id: emailType.id }, value: contact.email, defaultFlag: true, communicationType: 'Email' },
        { type: { id: phoneType.id }, value: contact.phone, defaultFlag: true, communicationType: 'Phone' },
      ],
    } as Contact);
    records += 1;
  }
});
const cpu = process.cpuUsage(cpuAtStart);
console.log(
  JSON.stringify({
    records,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  }),
);
