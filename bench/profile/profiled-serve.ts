// `cwsync serve` under the V8 profiler for the profile scripts (profile-push.ts, profile-pull.ts): spawned here
// rather than by the harness's startCwsync, because --cpu-prof is refused in NODE_OPTIONS.
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import type { CwsyncSetup } from '../harness/cwsync-processes.js';
import { cliNodeArguments, cpuSeconds, freePort, waitUntil } from '../harness/processes.js';
import { summarizeProfile } from './summarize-profile.js';

/** Where the profiles go: CWSYNC_PROFILE_DIR, or a new temporary folder. */
export function profileDirectory(): string {
  const directory = process.env.CWSYNC_PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'cwsync-profile-'));
  mkdirSync(directory, { recursive: true });
  return directory;
}

export interface ProfiledServe {
  pid: number;
  /** when serve answered its health check (performance.now()) */
  readyAt: number;
  /** serve's CPU seconds since it was ready */
  cpuSinceReady(): number;
  /**
   * stops serve (its profile is written as it exits) and prints each new profile's self time by area, and its
   * time by role (per record when `records` is given)
   */
  stopAndSummarize(records?: number): Promise<void>;
}

/**
 * Starts `serve --concurrency 16` on `setup`'s database with `nodeFlags` (default: the CPU profiler writing into
 * `directory`) and resolves once it answers.
 */
export async function startProfiledServe(
  setup: CwsyncSetup,
  directory: string,
  nodeFlags = ['--cpu-prof', `--cpu-prof-dir=${directory}`],
): Promise<ProfiledServe> {
  const before = new Set(readdirSync(directory));
  const port = await freePort();
  const serve = spawn(
    process.execPath,
    [
      ...nodeFlags,
      ...cliNodeArguments(),
      'serve',
      '--no-sandbox',
      '--no-demo',
      '--port',
      String(port),
      '--concurrency',
      '16',
    ],
    { env: { ...process.env, LOG_LEVEL: 'warn', ...setup.env }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const exited = new Promise((resolve) => serve.once('exit', resolve));
  await waitUntil(
    'cwsync serve answering',
    async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok,
    300_000,
    20,
  );
  const readyAt = performance.now();
  const cpuAtReady = cpuSeconds(serve.pid!) ?? 0;
  return {
    pid: serve.pid!,
    readyAt,
    cpuSinceReady: () => (cpuSeconds(serve.pid!) ?? 0) - cpuAtReady,
    async stopAndSummarize(records) {
      serve.kill('SIGTERM');
      await exited;
      const profiles = readdirSync(directory).filter(
        (name) => name.endsWith('.cpuprofile') && !before.has(name),
      );
      for (const name of profiles) {
        console.log(`\n${join(directory, name)}`);
        console.log(summarizeProfile(join(directory, name), records));
      }
    },
  };
}

/** The records/s and serve's CPU per record of a run. */
export function printRate(records: number, seconds: number, cpu: number): void {
  console.log(
    `${records} records in ${seconds.toFixed(1)} s = ${(records / seconds).toFixed(0)} rec/s; ` +
      `serve CPU ${cpu.toFixed(1)} s = ${((cpu * 1000) / records).toFixed(2)} ms/record`,
  );
}
