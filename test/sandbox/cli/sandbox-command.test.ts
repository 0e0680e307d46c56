import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerSandboxCommand } from '../../../src/cli/commands/sandbox.js';

function runSandboxCommand(args: string[]): { output: string; error?: { code?: string } } {
  const program = new Command('cwsync');
  registerSandboxCommand(program);
  let output = '';
  for (const command of [program, ...program.commands]) {
    command.exitOverride();
    command.configureOutput({ writeOut: (text) => (output += text), writeErr: (text) => (output += text) });
  }
  try {
    program.parse(['node', 'cwsync', 'sandbox', ...args]);
  } catch (error) {
    return { output, error: error as { code?: string } };
  }
  return { output };
}

describe('cwsync sandbox', () => {
  it('describes every option with --help', () => {
    const { output, error } = runSandboxCommand(['--help']);
    expect(error?.code).toBe('commander.helpDisplayed');
    for (const option of [
      '--port',
      '--host',
      '--company-id',
      '--public-key',
      '--private-key',
      '--api-version',
      '--codebase',
      '--seed',
      '--tenant-rules',
      '--new-company-bill-to',
      '--data-file',
      '--latency',
      '--jitter',
      '--rate-limit',
      '--timeout-rate',
      '--drop-rate',
    ]) {
      expect(output).toContain(option);
    }
    expect(output).toContain('sandbox-readonly-public');
  });

  it('rejects an API version ConnectWise has no schema digest for', () => {
    const { error, output } = runSandboxCommand(['--api-version', '2019.1']);
    expect(error?.code).toBe('commander.invalidArgument');
    expect(output).toContain('2022.1');
  });

  it('rejects a rate limit not written as calls/seconds', () => {
    const { error, output } = runSandboxCommand(['--rate-limit', 'fast']);
    expect(error?.code).toBe('commander.invalidArgument');
    expect(output).toContain('<calls>/<seconds>');
  });

  it('takes --tenant-rules on or off only', () => {
    const { error, output } = runSandboxCommand(['--tenant-rules', 'loose']);
    expect(error?.code).toBe('commander.invalidArgument');
    expect(output).toContain('on, off');
  });

  it('takes --new-company-bill-to self or none only (tenant rule C9)', () => {
    const { error, output } = runSandboxCommand(['--new-company-bill-to', 'parent']);
    expect(error?.code).toBe('commander.invalidArgument');
    expect(output).toContain('self, none');
  });

  it('rejects a drop rate outside 0..1', () => {
    const { error } = runSandboxCommand(['--drop-rate', '2']);
    expect(error?.code).toBe('commander.invalidArgument');
  });
});
