import type { ConnectorDefinition } from '../../engine/index.js';
import type { InstanceRepository } from '../create-instance-repository.js';
import { InstanceNotFoundError } from '../instance-errors.js';
import type { LookupRepository } from '../create-lookup-repository.js';
import { effectiveServerVariables, effectiveSyncOptions } from '../instance-settings.js';
import {
  openClient,
  testInstanceConnection,
  type ConnectionProblem,
  type ConnectionTestOptions,
} from '../test-instance-connection.js';
import { failed, passed, skipped, type CheckLine, type InstanceCheckResult } from './check-line.js';
import {
  checkLookups,
  checkReadPermissions,
  checkReferenceCodes,
  checkRequiredCustomFields,
  checkServerVariables,
  writtenResources,
} from './check-tenant-setup.js';

export interface InstanceCheckDependencies {
  instances: InstanceRepository;
  lookups: LookupRepository;
  definition: ConnectorDefinition;
}

/** What to change for each problem the connection test names. */
const fixes: Record<ConnectionProblem, string> = {
  'invalid-settings': 'correct the instance’s settings: cwsync instance update <id> …',
  unreachable: 'check siteUrl, and that this host can reach ConnectWise (DNS, firewall, proxy)',
  'not-connectwise': 'set siteUrl to the ConnectWise site, e.g. na.myconnectwise.net',
  'unknown-company': 'set companyId to the company you log in to ConnectWise with',
  'bad-keys':
    'make new API keys for the API member (My Account › API Keys) and set them: cwsync instance update <id> with CWSYNC_PUBLIC_KEY / CWSYNC_PRIVATE_KEY',
  'client-id': 'set clientId to the GUID issued at developer.connectwise.com/ClientID',
  'no-permission':
    'grant the API member’s security role the right the message names (System › Security Roles)',
  'wrong-codebase': 'leave the codebase to companyinfo (no --codebase), or correct siteUrl',
  unexpected: 'read the message; cwsync instance test <id> shows the connection alone',
};

/** The screens whose required custom fields would refuse cwsync's writes: companies and contacts. */
const customFieldScreens: Record<string, string> = { accounts: 'Company', contacts: 'Contact' };

/**
 * `cwsync instance check`: is this tenant ready for cwsync? Read-only (the connection test's write check is a POST
 * ConnectWise refuses without creating anything). The connection, the API version and codebase, the API member's
 * rights, read permission on every resource the enabled modules write, every server variable's record, every
 * lookup's value, the country and currency codes, and custom fields ConnectWise requires; a status and a fix
 * per line. The instance may be switched off: a check is what is done before switching it on.
 */
export async function checkInstance(
  deps: InstanceCheckDependencies,
  idOrName: string,
  options: Pick<ConnectionTestOptions, 'dispatcher' | 'timeoutMs' | 'logger'> = {},
): Promise<InstanceCheckResult> {
  const instance = await deps.instances.get(idOrName);
  if (!instance) throw new InstanceNotFoundError(idOrName);
  const credentials = await deps.instances.credentialsOf(instance.id);
  const lines: CheckLine[] = [];
  const result = () => ({
    instanceId: instance.id,
    ok: lines.every((line) => line.status !== 'fail'),
    lines,
  });

  const connection = await testInstanceConnection(credentials, options);
  const fix = fixes[connection.problem ?? 'unexpected'];
  for (const check of connection.checks) {
    const name = check.name === 'companyinfo' ? 'connection' : `${check.name} permission`;
    lines.push(check.ok ? passed(name, check.message) : failed(name, check.message, fix));
  }
  if (connection.checks.length === 0) lines.push(failed('connection', connection.message, fix));
  // Without the right to read, nothing else can be checked; without the right to write, everything else can.
  if (!connection.checks.some((check) => check.name === 'read' && check.ok)) {
    lines.push(skipped('tenant setup', 'not checked: the connection must work first'));
    return result();
  }
  const server = connection.serverApiVersion
    ? `; the server's current API version is ${connection.serverApiVersion}`
    : '';
  lines.push(
    passed('api version', `codebase ${connection.codebase}, API version ${connection.apiVersion}${server}`),
  );

  const syncOptions = effectiveSyncOptions(deps.definition, instance.syncOptions);
  const pushing = (module: string) =>
    Boolean(syncOptions[module]?.['push.create'] || syncOptions[module]?.['push.update']);
  const used = (module: string) => Object.values(syncOptions[module] ?? {}).some(Boolean);
  const client = openClient(credentials, connection.codebase!, options);
  try {
    lines.push(...(await checkReadPermissions(client, writtenResources(deps.definition, pushing))));
    const variables = effectiveServerVariables(deps.definition, instance.serverVariables);
    lines.push(...(await checkServerVariables(client, deps.definition, variables, used)));
    lines.push(...(await checkLookups(client, deps.definition, await deps.lookups.list(instance.id))));
    lines.push(...(await checkReferenceCodes(client)));
    const screens = Object.entries(customFieldScreens)
      .filter(([module]) => pushing(module))
      .map(([, screen]) => screen);
    if (screens.length > 0) lines.push(...(await checkRequiredCustomFields(client, screens)));
  } finally {
    await client.close();
  }
  return result();
}

/** The checklist as text: one line per check, its fix under a failed one, and the verdict. */
export function formatInstanceCheck(result: InstanceCheckResult): string {
  const marks = { ok: 'ok  ', fail: 'FAIL', skipped: 'skip' } as const;
  const out: string[] = [];
  for (const line of result.lines) {
    out.push(`${marks[line.status]}  ${line.name}: ${line.message}`);
    if (line.fix) out.push(`      fix: ${line.fix}`);
  }
  const failures = result.lines.filter((line) => line.status === 'fail').length;
  out.push(
    failures === 0
      ? `Instance ${result.instanceId} is ready for cwsync.`
      : `Instance ${result.instanceId}: ${failures} line(s) to fix before switching it on.`,
  );
  return out.join('\n');
}
