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
  await buildProgram().parseAsync(argv);
}
