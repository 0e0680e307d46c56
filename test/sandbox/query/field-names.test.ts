import { describe, expect, it } from 'vitest';
import { compileQuery, createFieldCatalog, QuerySyntaxError } from '../../../src/sandbox/query/index.js';
import { companies, loadCapturedContacts, selectIds } from './contact-records.js';

const companyCatalog = createFieldCatalog({
  id: 'number',
  identifier: 'string',
  name: 'string',
  annualRevenue: 'number',
  deletedFlag: 'boolean',
  dateAcquired: 'datetime',
  status: { id: 'number', name: 'string' },
  types: [{ id: 'number', name: 'string' }],
});

describe('field names', () => {
  it('match case-insensitively, also in nested paths', () => {
    expect(selectIds(companies, { conditions: 'IDENTIFIER = "acme"' })).toEqual([1]);
    expect(selectIds(companies, { conditions: 'Status/NAME = "inactive"' })).toEqual([2]);
  });

  it('resolve lastUpdated, dateEntered, updatedBy and enteredBy to _info when the record has no such field', () => {
    expect(selectIds(companies, { conditions: 'LastUpdated > [2026-01-31]' })).toEqual([3, 4]);
    expect(selectIds(companies, { conditions: 'updatedBy = "admin1"' })).toEqual([2]);
    expect(selectIds(companies, { conditions: '_info/updatedBy = "ADMIN1"' })).toEqual([2]);
    expect(selectIds(companies, { conditions: 'dateEntered != null' })).toEqual([1, 2]);
    expect(selectIds(companies, { conditions: 'enteredBy = null' })).toEqual([1, 2, 3, 4]);
  });

  it('prefer a top-level field of that name over _info', () => {
    const records = [
      { id: 1, lastUpdated: '2020-01-01T00:00:00Z', _info: { lastUpdated: '2030-01-01T00:00:00Z' } },
    ];
    expect(selectIds(records, { conditions: 'lastUpdated < [2021-01-01]' })).toEqual([1]);
  });

  it('work on the captured ConnectWise contacts', () => {
    const contacts = loadCapturedContacts();
    expect(selectIds(contacts, { conditions: 'company/identifier = "bob technology service"' })).toEqual([
      58024,
    ]);
    expect(selectIds(contacts, { conditions: 'lastUpdated >= [2026-01-01]' })).toEqual([57919, 58024]);
    expect(selectIds(contacts, { conditions: 'inactiveFlag = false and defaultFlag = true' })).toEqual([
      31045,
    ]);
  });
});

describe('with a field catalog', () => {
  it('rejects an unknown field, naming it', () => {
    expect(() => compileQuery({ conditions: 'nmae = "x"' }, companyCatalog)).toThrow(
      new QuerySyntaxError('conditions', 'Unknown field "nmae"', 0),
    );
    expect(() => compileQuery({ conditions: 'id = 1 and status/nmae = "x"' }, companyCatalog)).toThrow(
      'Unknown field "status/nmae" at position 11 in conditions',
    );
  });

  it('accepts known fields in any case, _info paths and lastUpdated on every resource', () => {
    const query = {
      conditions:
        'ID = 1 and Status/Name = "Active" and lastUpdated > [2020-01-01] and _info/updatedBy != null',
    };
    expect(selectIds(companies, query, companyCatalog)).toEqual([1]);
  });

  it('accepts _info in fields, on the record and on its references', () => {
    const { project } = compileQuery({ fields: 'id,_info,status/_info' }, companyCatalog);
    expect(project(companies[3]!)).toEqual({
      id: 4,
      _info: { lastUpdated: '2026-02-01T00:00:00Z' },
      status: null,
    });
    expect(() => compileQuery({ conditions: '_info = 1' }, companyCatalog)).toThrow('_info is a reference');
    expect(() => compileQuery({ fields: 'nope/_info' }, companyCatalog)).toThrow(
      'Unknown field "nope/_info"',
    );
  });

  it('checks orderBy, fields and childConditions paths too', () => {
    expect(() => compileQuery({ orderBy: 'nmae' }, companyCatalog)).toThrow(
      'Unknown field "nmae" at position 0 in orderBy',
    );
    expect(() => compileQuery({ fields: 'id,nmae' }, companyCatalog)).toThrow(
      'Unknown field "nmae" at position 3 in fields',
    );
    expect(() => compileQuery({ childConditions: 'types/nmae = "x"' }, companyCatalog)).toThrow(
      'Unknown field "types/nmae" at position 0 in childConditions',
    );
  });

  it('accepts any path without a catalog', () => {
    expect(selectIds(companies, { conditions: 'no/such/field = 1' })).toEqual([]);
  });
});
