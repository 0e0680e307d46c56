// Child processes for the benchmarks that run cwsync, the sandbox and the baseline scripts each in a process of
// its own, as a user would: start, wait for, stop, and read a process's peak memory and CPU time from /proc.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runCli = fileURLToPath(new URL('../../test/support/run-cli.ts', import.meta.url));
const builtCli = fileURLToPath(new URL('../../bin/cwsync.js', import.meta.url));
const checkout = fileURLToPath(new URL('../../', import.meta.url));
let built = false;
const children = new Set<ChildProcess>();
let started = 0;

/** Where every child's output goes, one log file per process (kept after the run). */
export const logDirectory = mkdtempSync(join(tmpdir(), 'cwsync-bench-'));

export interface BenchProcess {
  child: ChildProcess;
  pid: number;
  name: string;
  /** resolves with the exit code once the process has ended */
  exited: Promise<number | null>;
  log: string;
}

/** `node --import tsx <script> <args>` with its output in a log file of its own. */
export function startScript(
  name: string,
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): BenchProcess {
  return startNode(name, ['--import', 'tsx', script, ...args], env);
}

function startNode(name: string, nodeArgs: string[], env: NodeJS.ProcessEnv): BenchProcess {
  started += 1;
  const child = spawn(process.execPath, nodeArgs, {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = join(logDirectory, `${String(started).padStart(3, '0')}-${name}.log`);
  const stream = createWriteStream(log);
  child.stdout!.pipe(stream);
  child.stderr!.pipe(stream);
  children.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, pid: child.pid!, name, exited, log };
}

/**
 * `cwsync <args>`: from the sources through tsx (CWSYNC_BENCH_CLI=sources, the default: a branch is measured as
 * checked out), or as users run it, `bin/cwsync.js` on the compiled dist/ (CWSYNC_BENCH_CLI=built: compiled
 * once per benchmark run, so it is never stale; tsx's loader adds ~45 MiB of resident memory to each process).
 */
export function startCli(name: string, args: string[], env: NodeJS.ProcessEnv = {}): BenchProcess {
  return startNode(name, [...cliNodeArguments(), ...args], env);
}

/** node's arguments that run `cwsync` as CWSYNC_BENCH_CLI says (startCli), compiling dist/ first when built. */
export function cliNodeArguments(): string[] {
  if (process.env.CWSYNC_BENCH_CLI !== 'built') return ['--import', 'tsx', runCli];
  if (!built) {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
      cwd: checkout,
      stdio: 'inherit',
    });
    built = true;
  }
  return [builtCli];
}

/** Runs a process to its end; throws with its log's tail when it exits with another code than 0. */
export async function runToEnd(process: BenchProcess): Promise<void> {
  const code = await process.exited;
  if (code !== 0) throw new Error(`${process.name} exited ${code}:\n${tail(process.log)}`);
}

/** SIGTERM, then SIGKILL after `graceMs` if it is still there. */
export async function stopProcess(process: BenchProcess, graceMs = 5_000): Promise<void> {
  if (process.child.exitCode !== null || process.child.signalCode !== null) return;
  process.child.kill('SIGTERM');
  const timer = setTimeout(() => process.child.kill('SIGKILL'), graceMs);
  await process.exited;
  clearTimeout(timer);
}

/** Kills every child still running (the end of a suite, or Ctrl-C). */
export function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
}
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await sleep(everyMs);
  }
}

/** The process's peak resident set (VmHWM) in MiB, as the kernel kept it; undefined once it has ended. */
export function peakRssMiB(pid: number): number | undefined {
  const status = readProc(pid, 'status');
  const match = status ? /^VmHWM:\s+(\d+) kB/m.exec(status) : null;
  return match ? Number(match[1]) / 1024 : undefined;
}

/** CPU seconds (user + system) the process has used so far; undefined once it has ended. */
export function cpuSeconds(pid: number): number | undefined {
  const stat = readProc(pid, 'stat');
  if (!stat) return undefined;
  // the fields after the command name, which is in parentheses and may hold spaces
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
