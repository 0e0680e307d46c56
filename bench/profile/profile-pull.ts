// The first pull, profiled: `cwsync sync --direction pull` of N companies (2 contacts each) from the sandbox in
// its own process at 0 ms into an empty BSS (SQLite, `serve --concurrency 16`), with serve under
// `node --cpu-prof`, then its profile's self time summed by area (as profile-push.ts does for the push).
//   node --import tsx bench/profile/profile-pull.ts [companies=5000]
// CWSYNC_PROFILE_DIR keeps the profiles elsewhere than a temp folder.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { prepareCwsync, waitUntilLinked } from '../harness/cwsync-processes.js';
import { cpuSeconds, freePort, runToEnd, startCli, waitUntil } from '../harness/processes.js';
import { startSandboxProcess } from '../harness/sandbox-process.js';
import { summarizeProfile } from './summarize-profile.js';

const companies = Number(process.argv[2] ?? 5000);
const directory = process.env.CWSYNC_PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'cwsync-profile-'));
mkdirSync(directory, { recursive: true });
const sandbox = await startSandboxProcess();
try {
  const seeded = await sandbox.seedCompanies(companies, 2);
  const setup = await prepareCwsync('sqlite', sandbox);
  try {
    await sandbox.setLatency(0);
    const before = new Set(readdirSync(directory));
    // --cpu-prof is refused in NODE_OPTIONS, so serve is spawned here rather than by the harness's startCwsync.
    const port = await freePort();
    const runCli = fileURLToPath(new URL('../../test/support/run-cli.ts', import.meta.url));
    const serve = spawn(
      process.execPath,
      [
        // CWSYNC_PROFILE_NODE_FLAGS replaces the profiler (`--trace-gc`, `--max-old-space-size=…`)
        ...(process.env.CWSYNC_PROFILE_NODE_FLAGS?.split(' ').filter(Boolean) ?? [
          '--cpu-prof',
          `--cpu-prof-dir=${directory}`,
        ]),
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
    const statusOf = () => {
      try {
        const status = readFileSync(`/proc/${serve.pid}/status`, 'utf8');
        return Object.fromEntries(
          [...status.matchAll(/^(VmHWM|VmRSS|RssAnon|RssFile|RssShmem):\s+(\d+) kB/gm)].map((m) => [
            m[1],
            Math.round(Number(m[2]) / 1024),
          ]),
        );
      } catch {
        return {};
      }
    };
    let peakStatus = statusOf();
    const sampler = setInterval(() => {
      const now = statusOf();
      if ((now.VmRSS ?? 0) >= (peakStatus.VmRSS ?? 0)) peakStatus = now;
    }, 250);
    await runToEnd(startCli('sync', ['sync', '--instance', 'bench', '--direction', 'pull'], setup.env));
    const total = seeded.companies + seeded.contacts;
    const ended = await waitUntilLinked(setup, total, 600_000, 500);
    const cpu = (cpuSeconds(serve.pid!) ?? 0) - cpuAtReady;
    clearInterval(sampler);
    console.log(
      `serve memory at its peak (MiB): ${JSON.stringify(peakStatus)}; at the end ${JSON.stringify(statusOf())}`,
    );
    serve.kill('SIGTERM');
    await exited;
    const seconds = (ended - readyAt) / 1000;
    console.log(
      `${total} records in ${seconds.toFixed(1)} s = ${(total / seconds).toFixed(0)} rec/s; ` +
        `serve CPU ${cpu.toFixed(1)} s = ${((cpu * 1000) / total).toFixed(2)} ms/record`,
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
