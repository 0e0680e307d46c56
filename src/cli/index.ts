import { Command } from 'commander';
import { loadCommandRegistrars } from './commands/index.js';
import { packageVersion } from './package-version.js';

/**
 * The `cwsync` program: every command, or only `command` when it names one (`main` passes the command it runs, so
 * that a process loads the modules of its command alone).
 */
export async function buildProgram(command?: string): Promise<Command> {
  const program = new Command();
  program
    .name('cwsync')
    .description('Keeps a BSS and ConnectWise Manage (PSA) in step.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError()
    .enablePositionalOptions();
  for (const register of await loadCommandRegistrars(command)) register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await (await buildProgram(argv[2])).parseAsync(argv);
  } catch (error) {
    // A bad setting or an unreachable database is one line a person can act on; the stack only on request.
    const detail = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
    console.error(`cwsync: ${detail && error instanceof Error ? error.stack : (error as Error).message}`);
    process.exitCode = 1;
  }
}
