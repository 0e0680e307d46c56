import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';

function helpOf(args: string[]): string {
  const program = buildProgram();
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
  it('describes itself with --help', () => {
    expect(helpOf(['--help'])).toContain('Usage: cwsync');
  });

  it('gives --help on every command and subcommand', () => {
    const paths: string[][] = [];
    const collect = (command: Command, path: string[]): void => {
      for (const sub of command.commands) {
        paths.push([...path, sub.name()]);
        collect(sub, [...path, sub.name()]);
      }
    };
    collect(buildProgram(), []);
    expect(paths.length).toBeGreaterThan(8);
    for (const path of paths) {
      expect(helpOf([...path, '--help'])).toContain(`Usage: cwsync ${path.join(' ')}`);
    }
  });
});
