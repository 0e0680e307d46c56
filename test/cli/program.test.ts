import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';

async function helpOf(args: string[]): Promise<string> {
  const program = await buildProgram();
  let output = '';
  program.exitOverride();
  program.configureOutput({ writeOut: (text) => (output += text), writeErr: (text) => (output += text) });
  const visit = (command: typeof program): void => {
    command.exitOverride();
    command.configureOutput({ writeOut: (text) => (output += text), writeErr: (text) => (output += text) });
    command.commands.forEach(visit);
  };
  visit(program);
  try {
    program.parse(['node', 'cwsync', ...args]);
  } catch (error) {
    if ((error as { code?: string }).code !== 'commander.helpDisplayed') throw error;
  }
  return output;
}

describe('cwsync CLI', () => {
  it('describes itself with --help', async () => {
    expect(await helpOf(['--help'])).toContain('Usage: cwsync');
  });

  it('gives --help on every command and subcommand', async () => {
    const paths: string[][] = [];
    const collect = (command: Command, path: string[]): void => {
      for (const sub of command.commands) {
        paths.push([...path, sub.name()]);
        collect(sub, [...path, sub.name()]);
      }
    };
    collect(await buildProgram(), []);
    expect(paths.length).toBeGreaterThan(8);
    for (const path of paths) {
      expect(await helpOf([...path, '--help'])).toContain(`Usage: cwsync ${path.join(' ')}`);
    }
  });

  it('loads only the command it runs, and every command otherwise', async () => {
    const names = (program: Command) => program.commands.map((command) => command.name());
    expect(names(await buildProgram('worker'))).toEqual(['worker']);
    expect(names(await buildProgram('serve'))).toEqual(['serve']);
    const every = names(await buildProgram());
    expect(every).toEqual(names(await buildProgram('no-such-command')));
    expect(every).toEqual(expect.arrayContaining(['serve', 'worker', 'sync', 'import', 'sandbox']));
  });
});
