import { Command } from 'commander';
import { commandRegistrars } from './commands/index.js';
import { packageVersion } from './package-version.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('cwsync')
    .description('Keeps a BSS and ConnectWise Manage (PSA) in step.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError()
    .enablePositionalOptions();
  for (const register of commandRegistrars) register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    // A bad setting or an unreachable database is one line a person can act on; the stack only on request.
    const detail = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
    console.error(`cwsync: ${detail && error instanceof Error ? error.stack : (error as Error).message}`);
    process.exitCode = 1;
  }
}
