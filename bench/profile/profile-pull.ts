// The first pull, profiled: `cwsync sync --direction pull` of N companies (2 contacts each) from the sandbox in
// its own process at 0 ms into an empty BSS (SQLite, `serve --concurrency 16`), with serve under
// `node --cpu-prof`, then its profile's self time summed by area (as profile-push.ts does for the push).
//   node --import tsx bench/profile/profile-pull.ts [companies=5000]
// CWSYNC_PROFILE_DIR keeps the profiles elsewhere than a temp folder.
import { readFileSync } from 'node:fs';
import { prepareCwsync, waitUntilLinked } from '../harness/cwsync-processes.js';
import { runToEnd, startCli } from '../harness/processes.js';
import { startSandboxProcess } from '../harness/sandbox-process.js';
import { printRate, profileDirectory, startProfiledServe } from './profiled-serve.js';

const companies = Number(process.argv[2] ?? 5000);
const directory = profileDirectory();
const sandbox = await startSandboxProcess();
try {
  const seeded = await sandbox.seedCompanies(companies, 2);
  const setup = await prepareCwsync('sqlite', sandbox);
  try {
    await sandbox.setLatency(0);
    // CWSYNC_PROFILE_NODE_FLAGS replaces the profiler (`--trace-gc`, `--max-old-space-size=…`)
    const nodeFlags = process.env.CWSYNC_PROFILE_NODE_FLAGS?.split(' ').filter(Boolean);
    const serve = await startProfiledServe(setup, directory, nodeFlags);
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
    const cpu = serve.cpuSinceReady();
    clearInterval(sampler);
    console.log(
      `serve memory at its peak (MiB): ${JSON.stringify(peakStatus)}; at the end ${JSON.stringify(statusOf())}`,
    );
    printRate(total, (ended - serve.readyAt) / 1000, cpu);
    await serve.stopAndSummarize(total);
  } finally {
    await setup.destroy();
  }
} finally {
  await sandbox.stop();
}
