// The runner's own cost, profiled: one initial push (SQLite, `serve --concurrency 16`, the sandbox in its own
// process at 0 ms) with `serve` under `node --cpu-prof`, then its profile's self time summed by area, and its time
// by role per record (the ConnectWise calls and the engine beside the runner's own work: P2's "runner's own cost").
//   node --import tsx bench/profile/profile-push.ts [accounts=1000]
// CWSYNC_BENCH_CLI=built profiles serve as users run it (compiled dist/, no tsx loader).
// Prints the table and the profile's path; CWSYNC_PROFILE_DIR keeps the profiles elsewhere than a temp folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFiles, prepareCwsync, waitUntilLinked } from '../harness/cwsync-processes.js';
import { startSandboxProcess } from '../harness/sandbox-process.js';
import { writeWorkload } from '../harness/workload.js';
import { printRate, profileDirectory, startProfiledServe } from './profiled-serve.js';

const accounts = Number(process.argv[2] ?? 1000);
const directory = profileDirectory();
const workload = writeWorkload(mkdtempSync(join(tmpdir(), 'cwsync-profile-work-')), accounts);
const sandbox = await startSandboxProcess();
try {
  const setup = await prepareCwsync('sqlite', sandbox);
  try {
    await importFiles(setup, [workload.accounts, workload.contacts]);
    await sandbox.setLatency(0);
    const serve = await startProfiledServe(setup, directory);
    const ended = await waitUntilLinked(setup, workload.total);
    const cpu = serve.cpuSinceReady();
    printRate(workload.total, (ended - serve.readyAt) / 1000, cpu);
    await serve.stopAndSummarize(workload.total);
  } finally {
    await setup.destroy();
  }
} finally {
  await sandbox.stop();
}
