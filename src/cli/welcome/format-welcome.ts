import type { DemoSeedResult } from '../../demo/index.js';
import type { CauseGroup } from '../../report/index.js';
import type { ServiceState } from './service-state.js';

export interface WelcomeFacts {
  state: ServiceState;
  /** the token made on this first start (shown once); else how many live tokens the database holds */
  token: { created: string } | { live: number };
  demo?: DemoSeedResult;
}

/** Where to go, how to sign in and what the demo does: printed by `serve` once the start has settled. */
export function formatWelcome({ state, token, demo }: WelcomeFacts): string[] {
  const lines = [`cwsync is running: API ${state.url}/api/v1  (reference: ${state.url}/api/v1/docs)`];
  if (state.dashboard) lines.push(`  Dashboard: ${state.url}/  (sign in with an API token)`);
  lines.push(...describeToken(token));
  if (state.sandbox) {
    const { apiUrl, companyId, publicKey, privateKey } = state.sandbox;
    lines.push(
      `  Built-in ConnectWise sandbox: ${apiUrl}`,
      `    company ${companyId}, public key ${publicKey}, private key ${privateKey}, any GUID as clientId`,
    );
  }
  if (demo) {
    lines.push(
      `  Demo: instance "${demo.instance.id}" on the built-in sandbox; ${demo.accounts} accounts, ${demo.contacts} contacts,`,
      `    ${demo.commerce.products.length} products, ${demo.commerce.orders.length} orders, ${demo.commerce.invoices.length} invoices, ${demo.commerce.payments.length} payments and ${demo.commerce.subscriptions.length} subscriptions are syncing now.`,
      '    Some accounts already exist in ConnectWise (they are linked, not duplicated); a few records fail on purpose:',
      ...[...demo.plan.failures, ...demo.commerce.failures].map(
        (failure) => `    - ${failure.recordIds.length} records: ${failure.reason}; ${failure.fix}`,
      ),
      '    See them by cause with `npx cwsync report --instance demo --by-cause`, the runs with `npx cwsync report runs`.',
    );
  }
  return lines;
}

function describeToken(token: WelcomeFacts['token']): string[] {
  if ('created' in token) return [`  API token (shown once, keep it): ${token.created}`];
  if (token.live > 0)
    return [
      `  API tokens: ${token.live} (stored hashed, so none can be shown again; a new one: \`npx cwsync token create --name <name>\`)`,
    ];
  return ['  API tokens: none; make one with `npx cwsync token create --name <name>`'];
}

/** `cwsync status`: per instance, what is not in step, one line per cause with its fix. */
export function formatFailingCauses(
  instances: Array<{ id: string; name: string; groups: CauseGroup[] }>,
): string[] {
  if (instances.length === 0)
    return ['  Instances: none. Add one with `npx cwsync instance add` (docs/operator-guide.md).'];
  const lines = ['  Instances:'];
  for (const { id, name, groups } of instances) {
    const records = groups.reduce((sum, group) => sum + group.count, 0);
    lines.push(
      records === 0
        ? `  - ${name} (${id}): every record in step`
        : `  - ${name} (${id}): ${records} records not in step, ${groups.length} causes:`,
    );
    for (const group of groups.slice(0, 10)) {
      lines.push(`    - ${group.count} ${group.modules.join('/')} ${group.outcome}: ${group.message}`);
      lines.push(`      fix: ${group.fix}`);
    }
    if (groups.length > 10)
      lines.push(`    … and ${groups.length - 10} more: \`npx cwsync report --instance ${id} --by-cause\``);
  }
  return lines;
}
