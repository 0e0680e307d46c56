// The naive read-and-upsert script an integrator would write with connectwise-rest: read ConnectWise companies,
// then contacts, in pages of 1 000, and upsert each into the BSS through its HTTP API (PUT /api/v1/accounts/:id,
// PUT /api/v1/contacts/:id), `concurrency` at a time, a page after the other.
//   node --import tsx bench/baselines/naive-puller.ts <site-url> <bss-api-url> <token> <concurrency>
// Prints one JSON line: {records, seconds}.
import type { Company, Contact } from 'connectwise-rest/dist/Manage/CompanyAPI.js';
import { connectwiseRest, eachAtOnce } from './connectwise-rest-client.js';

const [siteUrl, bssUrl, token, concurrencyText] = process.argv.slice(2);
if (!siteUrl || !bssUrl || !token) {
  throw new Error('usage: naive-puller.ts <site-url> <bss-api-url> <token> <concurrency>');
}
const concurrency = Number(concurrencyText ?? 16);
const pageSize = 1000;

const started = performance.now();
const cw = connectwiseRest(siteUrl);
let records = 0;

async function put(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${bssUrl}/api/v1${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`PUT ${path} answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
  records += 1;
}

for (let page = 1; ; page += 1) {
  const companies = await cw.CompanyAPI.getCompanyCompanies({ page, pageSize, orderBy: 'id asc' });
  await eachAtOnce(companies, concurrency, async (company: Company) => {
    await put(`/accounts/${encodeURIComponent(company.identifier!)}`, {
      name: company.name,
      ...(company.phoneNumber ? { phone: company.phoneNumber } : {}),
      addresses: [
        {
          address1: company.addressLine1,
          city: company.city,
          postCode: company.zip,
          stateCode: company.state,
          isBilling: true,
        },
      ],
    });
  });
  if (companies.length < pageSize) break;
}
for (let page = 1; ; page += 1) {
  const contacts = await cw.CompanyAPI.getCompanyContacts({ page, pageSize, orderBy: 'id asc' });
  await eachAtOnce(contacts, concurrency, async (contact: Contact) => {
    const email = contact.communicationItems?.find((item) => item.communicationType === 'Email')?.value;
    await put(`/contacts/CW-CONTACT-${contact.id}`, {
      account: { id: contact.company!.identifier },
      firstName: contact.firstName,
      lastName: contact.lastName,
      ...(email ? { email } : {}),
    });
  });
  if (contacts.length < pageSize) break;
}
console.log(JSON.stringify({ records, seconds: (performance.now() - started) / 1000 }));
