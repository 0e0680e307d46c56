// The report grouped by cause: one group per unmapped lookup value across modules, ConnectWise's answers grouped
// whatever record they name, and each group's fix.
import { beforeAll, describe, expect, it } from 'vitest';
import { type ConnectorDefinition } from '../../src/engine/index.js';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import { groupByCause, type ReportEntry } from '../../src/report/index.js';

const at = '2026-12-06T10:00:00.000Z';
const entry = (fields: Partial<ReportEntry> & Pick<ReportEntry, 'module' | 'recordId' | 'message'>) =>
  ({
    instanceId: 'demo',
    direction: 'push',
    action: 'create',
    outcome: 'failed',
    attempts: 1,
    firstFailedAt: at,
    lastFailedAt: at,
    ...fields,
  }) satisfies ReportEntry;

describe('groupByCause', () => {
  let definition: ConnectorDefinition;
  beforeAll(async () => {
    definition = (await loadConnectWiseDefinition()).definition;
  });

  it('makes one group of an unmapped currency across accounts and orders, naming the lookup and the value', () => {
    const gbp = 'currency "GBP" has no ConnectWise currency; map it in the Currency synchronization lookup';
    const groups = groupByCause(
      [
        entry({ module: 'accounts', recordId: 'A-1', field: 'currency', message: gbp }),
        entry({ module: 'orders', recordId: 'O-1', field: 'currency', message: gbp }),
        entry({
          module: 'accounts',
          recordId: 'A-2',
          field: 'currency',
          message: gbp.replace('GBP', 'CHF'),
        }),
      ],
      definition,
    );
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({
      count: 2,
      modules: ['accounts', 'orders'],
      unmappedLookup: { lookup: 'Currency', label: 'Currency', internalId: 'GBP' },
      fix: 'map "GBP" in the Currency lookup to a ConnectWise value, then re-sync the group',
      records: [
        { module: 'accounts', recordId: 'A-1', direction: 'push', instanceId: 'demo' },
        { module: 'orders', recordId: 'O-1', direction: 'push', instanceId: 'demo' },
      ],
    });
    expect(groups[1]).toMatchObject({ count: 1, unmappedLookup: { internalId: 'CHF' } });
  });

  it("groups ConnectWise's refusals by field and message, not by the record's own name or number", () => {
    const refused = (recordId: string, name: string) =>
      entry({
        module: 'accounts',
        recordId,
        field: 'name',
        message: 'ConnectWise refused the create',
        connectwise: {
          status: 400,
          code: 'InvalidObject',
          errors: [{ field: 'name', code: 'MaxLength', message: `"${name}" is longer than 50 characters` }],
        },
      });
    const groups = groupByCause(
      [
        refused('A-7', 'Contoso Holdings International Trading Company Ltd'),
        refused('A-9', 'Fabrikam Worldwide Logistics and Freight Services Inc'),
        entry({
          module: 'contacts',
          recordId: 'C-1',
          message:
            "the contact's account has no type; fill Account > Demographics > Type before pushing its contacts",
        }),
      ],
      definition,
    );
    expect(groups.map((group) => group.count)).toEqual([2, 1]);
    expect(groups[0]!.fix).toMatch(/^change the name field .* then re-sync the group$/);
    expect(groups[0]!.unmappedLookup).toBeUndefined();
    expect(groups[1]).toMatchObject({
      modules: ['contacts'],
      fix: 'fill Account > Demographics > Type before pushing its contacts, then re-sync the group',
    });
  });

  it('keeps waiting records apart from failures, with no fix to make', () => {
    const groups = groupByCause(
      [
        entry({
          module: 'contacts',
          recordId: 'C-1',
          outcome: 'waiting',
          message: 'waiting for accounts DEMO-0008',
        }),
        entry({
          module: 'contacts',
          recordId: 'C-2',
          outcome: 'waiting',
          message: 'waiting for accounts DEMO-0009',
        }),
      ],
      definition,
    );
    expect(groups).toEqual([
      expect.objectContaining({ count: 2, outcome: 'waiting', fix: expect.stringMatching(/^none needed/) }),
    ]);
  });
});
