// The runner's own cost, profiled: one initial push (SQLite, `serve --concurrency 16`, the sandbox in its own
// process at 0 ms) with `serve` under `node --cpu-prof`, then its profile's self time summed by area.
//   node --import tsx bench/profile/profile-push.ts [accounts=1000]
// Prints the table and the profile's path; CWSYNC_PROFILE_DIR keeps the profiles elsewhere than a temp folder.
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { importFiles, prepareCwsync, waitUntilLinked } from '../harness/cwsync-processes.js';
import { cpuSeconds, freePort, waitUntil } from '../harness/processes.js';
import { startSandboxProcess } from '../harness/sandbox-process.js';
import { writeWorkload } from '../harness/workload.js';
import { summarizeProfile } from './summarize-profile.js';

const accounts = Number(process.argv[2] ?? 1000);
const directory = process.env.CWSYNC_PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'cwsync-profile-'));
mkdirSync(directory, { recursive: true });
const workload = writeWorkload(mkdtempSync(join(tmpdir(), 'cwsync-profile-work-')), accounts);
const sandbox = await startSandboxProcess();
try {
  const setup = await prepareCwsync('sqlite', sandbox);
  try {
    await importFiles(setup, [workload.accounts, workload.contacts]);
    await sandbox.setLatency(0);
    const before = new Set(readdirSync(directory));
    // --cpu-prof is refused in NODE_OPTIONS, so serve is spawned here rather than by the harness's startCwsync.
    const port = await freePort();
    const runCli = fileURLToPath(new URL('../../test/support/run-cli.ts', import.meta.url));
    const serve = spawn(
      process.execPath,
      [
        '--cpu-prof',
        `--cpu-prof-dir=${directory}`,
        '--import',
        'tsx',
        runCli,
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
    const ended = await waitUntilLinked(setup, workload.total);
    const cpu = (cpuSeconds(serve.pid!) ?? 0) - cpuAtReady;
    serve.kill('SIGTERM');
    await exited;
    const seconds = (ended - readyAt) / 1000;
    console.log(
      `${workload.total} records in ${seconds.toFixed(1)} s = ${(workload.total / seconds).toFixed(0)} rec/s; ` +
        `serve CPU ${cpu.toFixed(1)} s = ${((cpu * 1000) / workload.total).toFixed(2)} ms/record`,
    );
    const profiles = readdirSync(directory).filter(
      (name) => name.endsWith('.cpuprofile') && !before.has(name),
    );
    for (const name of profiles) {
      console.log(`\n${join(directory, name)}`);
      console.log(summarizeProfile(join(directory, name)));
    }
  } finally {
    await setup.destroy();
  }
} finally {
  await sandbox.stop();
}
