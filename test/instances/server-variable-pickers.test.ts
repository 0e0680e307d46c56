// Server variables that name a ConnectWise record are chosen by name: the API lists the records for the picker,
// and `cwsync instance variables` shows each value with the name of the record it names and sets one by name or id.
// Against the sandbox over HTTP, on both databases.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { createCommandDatabase, type CommandDatabase } from '../support/command-database.js';
import { testKeys } from '../connectwise/support/test-client.js';
import { useConnectorApi, type ConnectorApi } from '../support/connector-api.js';
import { databaseTargets } from '../support/database.js';
import { runCliInProcess } from '../support/run-cli-in-process.js';

describe.each(databaseTargets())('server variable pickers on $name', { timeout: 60_000 }, (target) => {
  describe('the API', () => {
    let server: ConnectorApi;
    useConnectorApi(target, (started) => ({ server } = started));

    it('lists the members a Sales Representative can be, by identifier, and the locations by name', async () => {
      const members = await server.call({
        method: 'GET',
        url: '/api/v1/instances/sandbox/server-variable-options/salesRepresentativeId',
      });
      expect(members.statusCode).toBe(200);
      const labels = (members.json() as { items: Array<{ label: string; integrationId: string }> }).items.map(
        (item) => item.label,
      );
      expect(labels).toEqual(expect.arrayContaining(['admin1', 'jsmith']));
      const locations = await server.call({
        method: 'GET',
        url: '/api/v1/instances/sandbox/server-variable-options/locationId',
      });
      expect(locations.json().items.map((item: { label: string }) => item.label)).toEqual(
        expect.arrayContaining(['Main Office', 'Remote', 'Warehouse']),
      );
      // a variable that names no record has no options; an unknown one is refused naming it
      const billable = await server.call({
        method: 'GET',
        url: '/api/v1/instances/sandbox/server-variable-options/productBillableOption',
      });
      expect(billable.json()).toEqual({ variable: 'productBillableOption', items: [] });
      const unknown = await server.call({
        method: 'GET',
        url: '/api/v1/instances/sandbox/server-variable-options/planetId',
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.body).toContain('planetId');
    });
  });

  describe('cwsync instance variables', () => {
    let sandbox: RunningSandbox;
    let database: CommandDatabase;
    const previousSecret = process.env.CWSYNC_SECRET_KEY;
    const cli = (...args: string[]) => runCliInProcess([...args, '--database-url', database.url]);
    beforeAll(async () => {
      process.env.CWSYNC_SECRET_KEY = randomBytes(32).toString('hex');
      sandbox = await startSandbox({ port: 0, seed: 'demo' });
      database = await createCommandDatabase(target.name);
      const added = await cli(
        'instance',
        'add',
        'Variables tenant',
        '--site-url',
        sandbox.url,
        '--company-id',
        'cwsync',
        '--public-key',
        'sandbox-public',
        '--private-key',
        'sandbox-private',
        '--client-id',
        testKeys.clientId,
      );
      expect(added.stderr).toBe('');
    });
    afterAll(async () => {
      await sandbox?.stop();
      await database?.drop();
      if (previousSecret === undefined) delete process.env.CWSYNC_SECRET_KEY;
      else process.env.CWSYNC_SECRET_KEY = previousSecret;
    });

    const rowOf = (stdout: string, variable: string) =>
      stdout.split('\n').find((line) => line.startsWith(`${variable} `)) ?? '';

    it('lists each variable with its value and the name of the ConnectWise record it names', async () => {
      const listed = await cli('instance', 'variables', '--instance', 'variables-tenant');
      expect(listed.code).toBe(0);
      expect(listed.stdout.split('\n')[0]).toMatch(/^VARIABLE\s+LABEL\s+VALUE\s+NAMES$/);
      expect(rowOf(listed.stdout, 'salesRepresentativeId')).toMatch(
        /^salesRepresentativeId\s+Sales Representative\s+1 \(default\)\s+admin1$/,
      );
      expect(rowOf(listed.stdout, 'locationId')).toMatch(/1 \(default\)\s+Main Office$/);
      expect(rowOf(listed.stdout, 'productBillableOption')).toMatch(/Billable \(default\)\s+-$/);
    });

    it('sets a variable by the name of its record, or by id, and refuses a name that names nothing', async () => {
      const set = await cli(
        'instance',
        'variables',
        '--instance',
        'variables-tenant',
        '--set',
        'salesRepresentativeId=JSmith',
        '--set',
        'locationId=Warehouse',
        '--json',
      );
      expect(set.code).toBe(0);
      const rows = JSON.parse(set.stdout) as Array<{
        name: string;
        value: number;
        names?: string;
        default: boolean;
      }>;
      const sales = rows.find((row) => row.name === 'salesRepresentativeId')!;
      expect(sales).toMatchObject({ names: 'jsmith', default: false });
      expect(rows.find((row) => row.name === 'locationId')).toMatchObject({
        names: 'Warehouse',
        default: false,
      });

      const byId = await cli(
        'instance',
        'variables',
        '--instance',
        'variables-tenant',
        '--set',
        'locationId=2',
      );
      expect(rowOf(byId.stdout, 'locationId')).toMatch(/^locationId\s+Location\s+2\s+\S/);

      const refused = await cli(
        'instance',
        'variables',
        '--instance',
        'variables-tenant',
        '--set',
        'locationId=Moon Base',
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /--set locationId: "Moon Base" is neither the id nor the name of one \(there are: Main Office \(1\)/,
      );
      const unchanged = await cli('instance', 'variables', '--instance', 'variables-tenant', '--json');
      expect(
        (JSON.parse(unchanged.stdout) as typeof rows).find((row) => row.name === 'locationId')!.value,
      ).toBe(2);

      const unset = await cli(
        'instance',
        'variables',
        '--instance',
        'variables-tenant',
        '--unset',
        'salesRepresentativeId',
      );
      expect(rowOf(unset.stdout, 'salesRepresentativeId')).toMatch(/1 \(default\)\s+admin1$/);
    });
  });
});
