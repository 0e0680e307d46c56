import type { Command } from 'commander';
import { loadEnvironment } from '../../config/env.js';
import { openSecrets } from '../../config/open-secrets.js';
import { loadConnectWiseDefinition } from '../../connectors/connectwise/index.js';
import { createInstanceRepository } from '../../instances/index.js';
import { createReportRepository, groupByCause, readWholeReport } from '../../report/index.js';
import { listApiTokens } from '../../server/auth/api-tokens.js';
import { databaseUrlHelp, openCommandDatabase } from '../database-option.js';
import { formatFailingCauses, formatWelcome } from '../welcome/format-welcome.js';
import { readServiceState, type ServiceState } from '../welcome/service-state.js';

interface StatusOptions {
  databaseUrl?: string;
  json?: boolean;
}

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description(
      "The running service's state: its address, the API tokens, the instances and what fails, with the fix",
    )
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Reads what \`cwsync serve\` left in CWSYNC_DATA_DIR (its address; never a token) and the database. API tokens are
stored hashed, so none can be shown again: \`cwsync token create\` makes a new one.`,
    )
    .action(async (options: StatusOptions) => {
      const env = loadEnvironment();
      const state = readServiceState(env.CWSYNC_DATA_DIR);
      const running = state !== undefined && (await answersHealth(state));
      const { definition } = await loadConnectWiseDefinition();
      const database = openCommandDatabase(options.databaseUrl);
      try {
        await database.migrate();
        const liveTokens = (await listApiTokens(database.db)).filter(
          (token) => token.revokedAt === null,
        ).length;
        const repository = createInstanceRepository(database.db, await openSecrets(env), definition);
        const reports = createReportRepository(database.db);
        const instances = [];
        for (const instance of await repository.list()) {
          const groups = groupByCause(
            await readWholeReport(reports, { instanceId: instance.id }),
            definition,
          );
          instances.push({ id: instance.id, name: instance.name, enabled: instance.enabled, groups });
        }
        if (options.json) {
          console.log(JSON.stringify({ running, service: state ?? null, liveTokens, instances }, null, 2));
          return;
        }
        const lines =
          running && state
            ? formatWelcome({ state, token: { live: liveTokens } })
            : [
                state
                  ? `cwsync is not answering at ${state.url} (last started ${state.startedAt}): start it with \`npm start\` or \`npx cwsync serve\`.`
                  : 'cwsync is not running from this data folder: start it with `npm start` or `npx cwsync serve`.',
              ];
        console.log([...lines, ...formatFailingCauses(instances)].join('\n'));
      } finally {
        await database.destroy();
      }
    });
}

async function answersHealth(state: ServiceState): Promise<boolean> {
  try {
    const response = await fetch(`${state.url}/health`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}
