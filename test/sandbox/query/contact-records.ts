import { readFileSync } from 'node:fs';
import { compileQuery, type FieldCatalog } from '../../../src/sandbox/query/index.js';

type RecordLike = Record<string, unknown>;

const fixtures = new URL('../../fixtures/connectwise/amp-labs/test/', import.meta.url);

function readFixture<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, fixtures), 'utf8')) as T;
}

/** Real captured ConnectWise contacts, given the communication items and dates the captures leave out. */
export function loadCapturedContacts(): RecordLike[] {
  const [readContact] = readFixture<RecordLike[]>('read/one-contact.json');
  const [listedContact] = readFixture<RecordLike[]>('read/contacts.json');
  const createdContact = readFixture<RecordLike>('write/contacts/new.json');
  const communicationItems = readFixture<RecordLike[]>('write/contacts/scenario1/3-after.json');
  return [
    { ...readContact, _info: { lastUpdated: '2026-03-01T08:00:00Z', updatedBy: 'Admin1' } },
    { ...listedContact, _info: { lastUpdated: '2025-11-20T10:30:00Z', updatedBy: 'cwsync' } },
    { ...createdContact, communicationItems },
  ];
}

/** A small company list covering every value type, nulls, missing fields and mixed case. */
export const companies: RecordLike[] = [
  {
    id: 1,
    identifier: 'ACME',
    name: 'Acme Corp',
    annualRevenue: 1500.5,
    deletedFlag: false,
    status: { id: 1, name: 'Active' },
    dateAcquired: '2024-05-01T00:00:00Z',
    types: [{ id: 1, name: 'Customer' }],
    _info: { lastUpdated: '2026-01-15T09:00:00Z', dateEntered: '2020-01-01T00:00:00Z', updatedBy: 'cwsync' },
  },
  {
    id: 2,
    identifier: 'beta',
    name: 'Beta "Quoted" Ltd',
    annualRevenue: 250,
    deletedFlag: true,
    status: { id: 2, name: 'Inactive' },
    dateAcquired: '2025-12-31T23:59:59.999Z',
    types: [
      { id: 2, name: 'Prospect' },
      { id: 3, name: 'Vendor' },
    ],
    _info: { lastUpdated: '2025-12-31T23:00:00Z', dateEntered: '2021-06-01T00:00:00Z', updatedBy: 'Admin1' },
  },
  {
    id: 3,
    identifier: 'gamma',
    name: "O'Brien & Sons 100%",
    annualRevenue: null,
    deletedFlag: false,
    status: { id: 1, name: 'Active' },
    types: [],
    _info: { lastUpdated: '2026-02-01T00:00:00+02:00', updatedBy: 'cwsync' },
  },
  {
    id: 4,
    identifier: 'delta',
    name: null,
    annualRevenue: -3,
    status: null,
    _info: { lastUpdated: '2026-02-01T00:00:00Z' },
  },
];

/** The ids of the records `params` selects, in the query's order. */
export function selectIds(
  records: RecordLike[],
  params: Parameters<typeof compileQuery>[0],
  catalog?: FieldCatalog,
) {
  const query = compileQuery(params, catalog);
  return records
    .filter((record) => query.matches(record))
    .sort((a, b) => query.compare(a, b))
    .map((r) => r.id);
}
