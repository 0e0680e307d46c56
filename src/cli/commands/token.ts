import type { Command } from 'commander';
import { databaseUrlHelp, openCommandDatabase } from '../database-option.js';
import type { DatabaseHandle } from '../../db/index.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../../server/auth/api-tokens.js';

interface DatabaseOption {
  databaseUrl?: string;
}

async function withDatabase<T>(
  options: DatabaseOption,
  work: (database: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const database = openCommandDatabase(options.databaseUrl);
  try {
    await database.migrate();
    return await work(database);
  } finally {
    await database.destroy();
  }
}

export function registerTokenCommand(program: Command): void {
  const token = program
    .command('token')
    .description('Create, list and revoke the API tokens of the REST API');

  token
    .command('create')
    .description('Create a token and print it once (only its hash is stored)')
    .option('--name <name>', 'what the token is for, e.g. the BSS instance', 'default')
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print { id, name, token } as JSON')
    .action(async (options: DatabaseOption & { name: string; json?: boolean }) => {
      const { token: plain, summary } = await withDatabase(options, ({ db }) =>
        createApiToken(db, options.name),
      );
      if (options.json) {
        console.log(JSON.stringify({ id: summary.id, name: summary.name, token: plain }));
        return;
      }
      console.log(plain);
      console.error(
        `Token "${summary.name}" (${summary.id}) created. It is shown only this once: store it now.`,
      );
    });

  token
    .command('list')
    .description('List tokens (never the tokens themselves)')
    .option('--database-url <url>', databaseUrlHelp)
    .option('--json', 'print as JSON')
    .action(async (options: DatabaseOption & { json?: boolean }) => {
      const tokens = await withDatabase(options, ({ db }) => listApiTokens(db));
      if (options.json) {
        console.log(JSON.stringify(tokens, null, 2));
        return;
      }
      if (tokens.length === 0) console.log('No tokens. Make one with `cwsync token create --name <name>`.');
      for (const entry of tokens) {
        console.log(
          `${entry.id}  ${entry.name}  created ${entry.createdAt}${entry.revokedAt ? `  revoked ${entry.revokedAt}` : ''}`,
        );
      }
    });

  token
    .command('revoke')
    .description('Revoke a token by id or name; requests with it get 401 from then on')
    .argument('<id-or-name>', 'the id (from `token list`) or the name of the token')
    .option('--database-url <url>', databaseUrlHelp)
    .action(async (idOrName: string, options: DatabaseOption) => {
      const revoked = await withDatabase(options, ({ db }) => revokeApiToken(db, idOrName));
      if (revoked === 0) {
        console.error(`No live token has the id or name "${idOrName}".`);
        process.exitCode = 1;
        return;
      }
      console.log(`Revoked ${revoked} token${revoked === 1 ? '' : 's'}.`);
    });
}
