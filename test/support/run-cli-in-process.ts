import type { Command } from 'commander';
import { vi } from 'vitest';
import { buildProgram } from '../../src/cli/index.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function exitOverrideEverywhere(command: Command): void {
  command.exitOverride();
  command.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  for (const child of command.commands) exitOverrideEverywhere(child);
}

/** Runs `cwsync <args>` in this process, with its console output captured. */
export async function runCliInProcess(args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi
    .spyOn(console, 'log')
    .mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
  const error = vi
    .spyOn(console, 'error')
    .mockImplementation((...parts: unknown[]) => void err.push(parts.join(' ')));
  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  let code = 0;
  try {
    const program = await buildProgram();
    exitOverrideEverywhere(program);
    await program.parseAsync(['node', 'cwsync', ...args]);
    code = Number(process.exitCode ?? 0);
  } catch (thrown) {
    err.push((thrown as Error).message);
    code = 1;
  } finally {
    log.mockRestore();
    error.mockRestore();
    process.exitCode = previousExitCode;
  }
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
