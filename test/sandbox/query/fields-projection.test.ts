import { describe, expect, it } from 'vitest';
import { compileQuery } from '../../../src/sandbox/query/index.js';
import { companies, loadCapturedContacts } from './contact-records.js';

const project = (fields: string | undefined, record: Record<string, unknown>) =>
  compileQuery({ fields }).project(record);

describe('fields projection', () => {
  it('keeps only the listed top-level fields, without _info unless asked', () => {
    expect(project('id,identifier', companies[0]!)).toEqual({ id: 1, identifier: 'ACME' });
    expect(project('id,_info', companies[3]!)).toEqual({
      id: 4,
      _info: { lastUpdated: '2026-02-01T00:00:00Z' },
    });
  });

  it('keeps nested paths in their nested shape', () => {
    expect(project('id,status/name', companies[0]!)).toEqual({ id: 1, status: { name: 'Active' } });
    expect(project('status/name, status/id', companies[1]!)).toEqual({ status: { name: 'Inactive', id: 2 } });
    expect(project('status/name', companies[3]!)).toEqual({ status: null });
  });

  it('applies a path inside an array to each element', () => {
    expect(project('types/name', companies[1]!)).toEqual({
      types: [{ name: 'Prospect' }, { name: 'Vendor' }],
    });
  });

  it('keeps a whole object when both it and one of its fields are asked', () => {
    expect(project('status/name,status', companies[0]!)).toEqual({ status: { id: 1, name: 'Active' } });
  });

  it('matches names case-insensitively and keeps the record spelling', () => {
    expect(project('ID,Status/NAME', companies[0]!)).toEqual({ id: 1, status: { name: 'Active' } });
  });

  it('omits fields the record does not have', () => {
    expect(project('id,dateAcquired', companies[2]!)).toEqual({ id: 3 });
  });

  it('takes lastUpdated and its friends from _info', () => {
    expect(project('id,lastUpdated,updatedBy', companies[1]!)).toEqual({
      id: 2,
      _info: { lastUpdated: '2025-12-31T23:00:00Z', updatedBy: 'Admin1' },
    });
  });

  it('is the identity without fields', () => {
    const [contact] = loadCapturedContacts();
    expect(project(undefined, contact!)).toBe(contact);
    expect(project('  ', contact!)).toBe(contact);
  });

  it('projects a captured contact', () => {
    const contact = loadCapturedContacts()[2]!;
    expect(project('id,firstName,communicationItems/communicationType', contact)).toEqual({
      id: 57919,
      firstName: 'Estella',
      communicationItems: (contact.communicationItems as Array<{ communicationType: string }>).map(
        (item) => ({
          communicationType: item.communicationType,
        }),
      ),
    });
  });

  it('keeps a __proto__ key as data', () => {
    const record = JSON.parse('{"id": 1, "__proto__": {"polluted": true}}') as Record<string, unknown>;
    const projected = project('id,__proto__', record);
    expect(Object.getPrototypeOf(projected)).toBe(Object.prototype);
    expect(Object.keys(projected)).toEqual(['id', '__proto__']);
  });
});
