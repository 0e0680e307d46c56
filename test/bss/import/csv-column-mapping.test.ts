import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  ImportFileError,
  inferImportSource,
  mapCsvColumns,
  readCsvRows,
} from '../../../src/bss/import/index.js';
import type { ImportRow } from '../../../src/bss/import/index.js';
import { entitySchemas } from '../../../src/bss/records/index.js';

async function readRows(entity: keyof typeof entitySchemas, csv: string): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  for await (const row of readCsvRows(Readable.from([csv]), (header) =>
    mapCsvColumns(entitySchemas[entity], header),
  )) {
    rows.push(row);
  }
  return rows;
}

describe('CSV column mapping', () => {
  it('maps dotted names, references by field name and flat billing-address columns', async () => {
    const rows = await readRows(
      'accounts',
      'ID,Name,type,currency.id,Street,ZIP,Country,customValues.0.name,customValues.0.value,isTaxable\n' +
        'a-1,Acme,reseller,EUR,1 Main St,10563,GR,tier,gold,No\n',
    );
    expect(rows).toEqual([
      {
        row: 2,
        input: {
          id: 'a-1',
          name: 'Acme',
          type: { id: 'reseller' },
          currency: { id: 'EUR' },
          addresses: [{ address1: '1 Main St', postCode: '10563', countryCode: 'GR', isBilling: true }],
          customValues: [{ name: 'tier', value: 'gold' }],
          isTaxable: false,
        },
      },
    ]);
  });

  it('leaves empty cells out, and adds no billing address when its columns are empty', async () => {
    const rows = await readRows('accounts', 'id,name,city,phone\na-2,Beta,,\n');
    expect(rows).toEqual([{ row: 2, input: { id: 'a-2', name: 'Beta' } }]);
  });

  it('keeps text the schema cannot coerce, so validation names the field', async () => {
    const rows = await readRows('contacts', 'id,firstName,account,isPrimary\nc-1,Ann,a-1,maybe\n');
    expect(rows).toEqual([
      { row: 2, input: { id: 'c-1', firstName: 'Ann', account: { id: 'a-1' }, isPrimary: 'maybe' } },
    ]);
  });

  it('numbers rows by the line they start on, across quoted line breaks and blank lines', async () => {
    const rows = await readRows('accounts', 'id,name,description\na-1,One,"two\nlines"\n\na-2,Two,x\na-3\n');
    expect(rows.map((row) => row.row)).toEqual([2, 5, 6]);
    expect(rows[2]).toEqual({
      row: 6,
      problems: [{ field: '', rule: 'csv_column_count', message: 'has 1 cells, the header has 3' }],
    });
  });

  it('refuses a header with a column that names no field, or two columns for one field', () => {
    expect(() => mapCsvColumns(entitySchemas.accounts, ['name', 'shoeSize'])).toThrow(ImportFileError);
    expect(() => mapCsvColumns(entitySchemas.accounts, ['name', 'shoeSize'])).toThrow(
      /"shoeSize" name no field/,
    );
    expect(() => mapCsvColumns(entitySchemas.accounts, ['name', 'zip', 'postCode'])).toThrow(
      /"zip" and "postCode" both set addresses\.0\.postCode/,
    );
  });
});

describe('import source inference', () => {
  it('reads the entity and format from the file name', () => {
    expect(inferImportSource('/data/accounts.csv')).toEqual({ entity: 'accounts', format: 'csv' });
    expect(inferImportSource('2026-11-25-account-types.jsonl')).toEqual({
      entity: 'account-types',
      format: 'jsonl',
    });
    expect(inferImportSource('export.txt', { entity: 'contacts', format: 'csv' })).toEqual({
      entity: 'contacts',
      format: 'csv',
    });
  });

  it('asks for --entity or --format when the name does not tell', () => {
    expect(() => inferImportSource('export.csv')).toThrow(/pass --entity/);
    expect(() => inferImportSource('accounts.txt')).toThrow(/pass --format/);
  });
});
