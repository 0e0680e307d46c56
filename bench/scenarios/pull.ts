// A first pull of a large ConnectWise tenant into an empty BSS (issue 14 P6), each run against a fresh sandbox
// in its own process seeded with copies (POST /__sandbox/seed/companies): cwsync `serve` on SQLite with a pull
// run queued by `cwsync sync --direction pull`, or the naive connectwise-rest puller writing through the BSS
// API of `serve --no-sync`. The clock runs from the moment serve answers until every company and contact is in
// the BSS (cwsync: linked, no sync job left); the peak RSS is the serve process's (VmHWM, from /proc).
import { fileURLToPath } from 'node:url';
import {
  linksByModule,
  prepareCwsync,
  reportEntries,
  startCwsync,
  waitUntilLinked,
  type CwsyncSetup,
} from '../harness/cwsync-processes.js';
import { cpuSeconds, peakRssMiB, runToEnd, startCli, startScript } from '../harness/processes.js';
import { startSandboxProcess, type SandboxProcess } from '../harness/sandbox-process.js';
import { expectCount, lastJsonLine } from './initial-push.js';

export interface PullRun {
  who: string;
  records: number;
  seconds: number;
  /** the serve process's peak resident set */
  peakRssMiB: number;
  /** its resident set once it answered, before the pull */
  readyRssMiB: number;
  /** serve's CPU seconds during the pull */
  cpuSeconds: number;
  calls: Map<string, number>;
}

export interface PullOptions {
  companies: number;
  contactsPerCompany: number;
  latencyMs: number;
  concurrency: number;
  /** NODE_OPTIONS of the serve processes (cwsync's, and the script's BSS) */
  serveNodeOptions?: string;
}

const naivePuller = fileURLToPath(new URL('../baselines/naive-puller.ts', import.meta.url));

export async function pullWithCwsync(options: PullOptions): Promise<PullRun> {
  return withSeededSandbox(options, async (sandbox, seeded) => {
    const setup = await prepareCwsync('sqlite', sandbox);
    try {
      await sandbox.setLatency(options.latencyMs);
      await sandbox.resetCalls();
      const cwsync = await startCwsync(setup, {
        concurrency: options.concurrency,
        ...(options.serveNodeOptions ? { serveNodeOptions: options.serveNodeOptions } : {}),
      });
      const watch = watchProcess(cwsync.serve.pid);
      try {
        await runToEnd(startCli('sync', ['sync', '--instance', 'bench', '--direction', 'pull'], setup.env));
        const ended = await waitUntilLinked(setup, seeded.companies + seeded.contacts, 300_000, 500);
        const figures = watch.stop();
        const links = await linksByModule(setup);
        expectCount(links, 'accounts', seeded.companies, 'cwsync pull: links');
        expectCount(links, 'contacts', seeded.contacts, 'cwsync pull: links');
        await expectRecords(setup, seeded, 'cwsync pull');
        const report = await reportEntries(setup);
        if (report.count > 0)
          throw new Error(`cwsync pull: ${report.count} in the report: ${report.sample.join(' | ')}`);
        const calls = await sandbox.calls();
        for (const [key, count] of calls) {
          if (!key.startsWith('GET ')) throw new Error(`cwsync pull wrote to ConnectWise: ${count} ${key}`);
        }
        return {
          who: 'cwsync serve (SQLite)',
          records: seeded.companies + seeded.contacts,
          seconds: (ended - cwsync.readyAt) / 1000,
          ...figures,
          calls,
        };
      } finally {
        watch.stop();
        await cwsync.stop();
      }
    } finally {
      await setup.destroy();
    }
  });
}

export async function pullWithScript(options: PullOptions): Promise<PullRun> {
  return withSeededSandbox(options, async (sandbox, seeded) => {
    const setup = await prepareCwsync('sqlite', sandbox);
    try {
      await sandbox.setLatency(options.latencyMs);
      await sandbox.resetCalls();
      const bss = await startCwsync(setup, {
        concurrency: 1,
        extraServeArgs: ['--no-sync'],
        ...(options.serveNodeOptions ? { serveNodeOptions: options.serveNodeOptions } : {}),
      });
      const watch = watchProcess(bss.serve.pid);
      try {
        const script = startScript('naive-puller', naivePuller, [
          sandbox.url,
          bss.apiUrl,
          setup.token,
          String(options.concurrency),
        ]);
        await runToEnd(script);
        const figures = watch.stop();
        const { records, seconds } = lastJsonLine(script.log) as { records: number; seconds: number };
        if (records !== seeded.companies + seeded.contacts) {
          throw new Error(
            `naive puller: ${records} records written, expected ${seeded.companies + seeded.contacts}`,
          );
        }
        await expectRecords(setup, seeded, 'naive puller');
        return {
          who: `script, ${options.concurrency} at a time (its BSS: serve --no-sync)`,
          records,
          seconds,
          ...figures,
          calls: await sandbox.calls(),
        };
      } finally {
        watch.stop();
        await bss.stop();
      }
    } finally {
      await setup.destroy();
    }
  });
}

async function withSeededSandbox<T>(
  options: PullOptions,
  work: (sandbox: SandboxProcess, seeded: { companies: number; contacts: number }) => Promise<T>,
): Promise<T> {
  const sandbox = await startSandboxProcess();
  try {
    const seeded = await sandbox.seedCompanies(options.companies, options.contactsPerCompany);
    return await work(sandbox, seeded);
  } finally {
    await sandbox.stop();
  }
}

/** The BSS holds exactly the seeded companies and contacts (no duplicate). */
async function expectRecords(
  setup: CwsyncSetup,
  seeded: { companies: number; contacts: number },
  who: string,
): Promise<void> {
  const rows = await setup.database.db
    .selectFrom('bss_records')
    .select(['entity', (eb) => eb.fn.countAll<string | number>().as('count')])
    .where('entity', 'in', ['accounts', 'contacts'])
    .groupBy('entity')
    .execute();
  const counts = new Map(rows.map((row) => [row.entity, Number(row.count)]));
  expectCount(counts, 'accounts', seeded.companies, `${who}: BSS accounts`);
  expectCount(counts, 'contacts', seeded.contacts, `${who}: BSS contacts`);
}

/** Samples a process's peak RSS and CPU until stopped; returns the figures. */
function watchProcess(pid: number) {
  const readyRss = peakRssMiB(pid) ?? 0;
  const cpuAtStart = cpuSeconds(pid) ?? 0;
  let peak = readyRss;
  let cpu = cpuAtStart;
  const sample = () => {
    peak = peakRssMiB(pid) ?? peak;
    cpu = cpuSeconds(pid) ?? cpu;
  };
  const timer = setInterval(sample, 500);
  let stopped: { peakRssMiB: number; readyRssMiB: number; cpuSeconds: number } | undefined;
  return {
    stop() {
      if (!stopped) {
        sample();
        clearInterval(timer);
        stopped = { peakRssMiB: peak, readyRssMiB: readyRss, cpuSeconds: cpu - cpuAtStart };
      }
      return stopped;
    },
  };
}
