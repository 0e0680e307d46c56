import { problemOf } from '../../src/errors/index.js';
import { describe, expect, it } from 'vitest';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import {
  effectiveServerVariables,
  effectiveSyncOptions,
  instanceInputSchema,
  validateInstanceAgainstDefinition,
} from '../../src/instances/instance-settings.js';

const { definition } = await loadConnectWiseDefinition();
const valid = {
  name: 'Main tenant',
  siteUrl: 'na.myconnectwise.net',
  companyId: 'acme',
  publicKey: 'pub',
  privateKey: 'priv',
  clientId: '3f1f7b3e-1c5c-4f39-9a3c-2b1e5d0f9a11',
};

describe('instance settings', () => {
  it('names each missing or malformed field and its rule', () => {
    const result = instanceInputSchema.safeParse({ ...valid, clientId: 'not-a-guid', privateKey: '' });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'clientId: clientId must be the GUID issued at developer.connectwise.com/ClientID',
        'privateKey: privateKey is required (My Account → API Keys)',
      ]),
    );
  });

  it('follows the documented matrix by default, and lets an instance switch abilities off', () => {
    const options = effectiveSyncOptions(definition, { 'contacts.pull.create': false });
    expect(options.accounts).toEqual({
      'push.create': true,
      'push.update': true,
      'push.delete': false,
      'pull.create': true,
      'pull.update': true,
    });
    expect(options.contacts!['pull.create']).toBe(false);
    expect(effectiveSyncOptions(definition, { 'accounts.push.delete': true }).accounts!['push.delete']).toBe(
      false,
    );
  });

  it('refuses overrides the connector cannot honour', () => {
    const input = instanceInputSchema.parse({
      ...valid,
      serverVariables: { importAccountStatusId: 'two', productBillableOption: 'Free', nope: 1 },
      syncOptions: { 'accounts.push.delete': true, 'tickets.push.create': true },
    });
    const issues = validateInstanceAgainstDefinition(input, definition);
    expect(issues.map(problemOf)).toEqual([
      'serverVariables.importAccountStatusId: must be a whole number (a ConnectWise id), got "two"',
      'serverVariables.productBillableOption: must be one of Billable, DoNotBill, NoCharge, got "Free"',
      'serverVariables.nope: the connector has no such server variable',
      'syncOptions.accounts.push.delete: the ConnectWise connector cannot push delete accounts',
      'syncOptions.tickets.push.create: expected <module>.<push|pull>.<ability> of a module the connector has',
    ]);
    expect(issues.map((issue) => issue.rule)).toEqual([
      'integer',
      'enum',
      'knownServerVariable',
      'supportedAbility',
      'knownAbility',
    ]);
  });

  it('takes the documented defaults for server variables the instance does not override', () => {
    const values = effectiveServerVariables(definition, { salesRepresentativeId: 42 });
    expect(values).toMatchObject({
      importAccountStatusId: 1,
      salesRepresentativeId: 42,
      productBillableOption: 'Billable',
    });
  });
});
