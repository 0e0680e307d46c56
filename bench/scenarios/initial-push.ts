// One initial push, measured end to end against a fresh sandbox in its own process: cwsync (serve on SQLite, or
// serve --no-sync and graphile workers on PostgreSQL) or the naive connectwise-rest script. The write counts
// are asserted: every record linked (cwsync) or written (the script), one POST per record, no duplicate.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  databaseBackends,
  failedJobs,
  importFiles,
  linksByModule,
  prepareCwsync,
  reportEntries,
  startCwsync,
  waitUntilLinked,
  workersRunning,
  type DatabaseKind,
} from '../harness/cwsync-processes.js';
import { cpuSeconds, logDirectory, peakRssMiB, runToEnd, startScript } from '../harness/processes.js';
import { byMethod, startSandboxProcess, total, type SandboxProcess } from '../harness/sandbox-process.js';
import { writeWorkload, type WorkloadFiles } from '../harness/workload.js';

export interface PushRun {
  who: string;
  records: number;
  seconds: number;
  /** calls answered by the sandbox during the run, by "METHOD resource" */
  calls: Map<string, number>;
  peakRssMiB?: number;
  /** cwsync's CPU time (serve and workers) from ready to done; the script's, from its first call to its end */
  cpuSeconds?: number;
  /** the sandbox's CPU time during the run (cwsync: from ready to done; the script: from its start to its end) */
  sandboxCpuSeconds?: number;
  /** PostgreSQL: the CPU time of the server's backends connected to the run's database, from ready to done */
  databaseCpuSeconds?: number;
  /** from process start to ready (cwsync: /health answers; the script: its modules loaded) */
  startupSeconds: number;
  /**
   * PostgreSQL: the same run measured from the moment every worker runs (their start on a busy machine ends
   * after serve answers): the records linked from then, the seconds, and the CPU (cwsync's, PostgreSQL's)
   */
  fromWorkersRunning?: { records: number; seconds: number; cpuSeconds: number; databaseCpuSeconds: number };
}

export interface PushRunOptions {
  workload: WorkloadFiles;
  latencyMs: number;
  concurrency: number;
  /** tenant rule C9: does the sandbox make a new company its own bill-to (the default) or leave it without one */
  newCompanyBillTo?: 'self' | 'none';
}

const naivePusher = fileURLToPath(new URL('../baselines/naive-pusher.ts', import.meta.url));

export async function pushWithScript(options: PushRunOptions): Promise<PushRun> {
  const { workload } = options;
  return withSandbox(options, async (sandbox) => {
    await sandbox.setLatency(options.latencyMs);
    await sandbox.resetCalls();
    const sandboxCpuAtStart = cpuSeconds(sandbox.process.pid);
    const spawnedAt = performance.now();
    const script = startScript('naive-pusher', naivePusher, [
      sandbox.url,
      workload.accounts,
      workload.contacts,
      String(options.concurrency),
    ]);
    let peak: number | undefined;
    const sampler = setInterval(() => (peak = peakRssMiB(script.pid) ?? peak), 200);
    await runToEnd(script).finally(() => clearInterval(sampler));
    const wallSeconds = (performance.now() - spawnedAt) / 1000;
    const sandboxCpu = cpuSpent(sandboxCpuAtStart, cpuSeconds(sandbox.process.pid));
    const { seconds, cpuSeconds: scriptCpu } = lastJsonLine(script.log) as {
      seconds: number;
      cpuSeconds?: number;
    };
    const calls = await sandbox.calls();
    expectCount(calls, 'POST company/companies', workload.accountCount, 'script');
    expectCount(calls, 'POST company/contacts', workload.contactCount, 'script');
    expectCount(calls, 'GET company/companies', workload.accountCount, 'script');
    return {
      who: `script, ${options.concurrency} at a time`,
      records: workload.total,
      seconds,
      calls,
      startupSeconds: wallSeconds - seconds,
      ...(peak === undefined ? {} : { peakRssMiB: peak }),
      ...(scriptCpu === undefined ? {} : { cpuSeconds: scriptCpu }),
      ...(sandboxCpu === undefined ? {} : { sandboxCpuSeconds: sandboxCpu }),
    };
  });
}

export async function pushWithCwsync(
  options: PushRunOptions & { kind: DatabaseKind; workers?: number },
): Promise<PushRun> {
  const { workload } = options;
  return withSandbox(options, async (sandbox) => {
    const setup = await prepareCwsync(options.kind, sandbox);
    try {
      await importFiles(setup, [workload.accounts, workload.contacts]);
      await sandbox.setLatency(options.latencyMs);
      await sandbox.resetCalls();
      const cwsync = await startCwsync(setup, {
        concurrency: options.concurrency,
        ...(options.workers ? { workers: options.workers } : {}),
      });
      const processes = [cwsync.serve, ...cwsync.workers];
      const peaks = new Map<number, number>();
      const cpu = new Map<number, number>();
      // PostgreSQL's work is the server's backends' (on this machine): their CPU, as last seen, per backend
      const backendCpu = new Map<number, number>();
      const sample = () => {
        for (const child of processes) {
          const rss = peakRssMiB(child.pid);
          if (rss !== undefined) peaks.set(child.pid, rss);
          const used = cpuSeconds(child.pid);
          if (used !== undefined) cpu.set(child.pid, used);
        }
      };
      const sampleBackends = async () => {
        for (const pid of await databaseBackends(setup)) {
          const used = cpuSeconds(pid);
          if (used !== undefined) backendCpu.set(pid, used);
        }
      };
      const sum = (values: Map<number, number>) =>
        [...values.values()].reduce((total, value) => total + value, 0);
      sample();
      await sampleBackends();
      const cpuAtReady = sum(cpu);
      const backendCpuAtReady = sum(backendCpu);
      const sandboxCpuAtReady = cpuSeconds(sandbox.process.pid);
      const sampler = setInterval(() => {
        sample();
        void sampleBackends().catch(() => undefined);
      }, 200);
      let ended: number;
      let sandboxCpu: number | undefined;
      let workersReady: { at: number; linked: number; cpu: number; databaseCpu: number } | undefined;
      const linkedNow = async () => [...(await linksByModule(setup)).values()].reduce((sum, n) => sum + n, 0);
      try {
        if (options.kind === 'postgres') {
          const at = await workersRunning(cwsync);
          sample();
          await sampleBackends();
          workersReady = { at, linked: await linkedNow(), cpu: sum(cpu), databaseCpu: sum(backendCpu) };
        }
        ended = await waitUntilLinked(setup, workload.total);
        sandboxCpu = cpuSpent(sandboxCpuAtReady, cpuSeconds(sandbox.process.pid));
        sample();
        await sampleBackends();
      } finally {
        clearInterval(sampler);
        await cwsync.stop();
      }
      const seconds = (ended - cwsync.readyAt) / 1000;
      const calls = await sandbox.calls();
      const links = await linksByModule(setup);
      const who = `cwsync ${options.kind}${options.kind === 'postgres' ? `, ${options.workers ?? 1} worker(s)` : ''}`;
      expectCount(links, 'accounts', workload.accountCount, `${who}: links`);
      expectCount(links, 'contacts', workload.contactCount, `${who}: links`);
      expectCount(calls, 'POST company/companies', workload.accountCount, who);
      expectCount(calls, 'POST company/contacts', workload.contactCount, who);
      expectAtMost(calls, 'PATCH company/contacts/{id}', 0, who);
      // One PATCH per company (every account of the workload has a primary contact): its default contact, with its
      // bill-to on a tenant that leaves that unset (C9) — never a second one for the bill-to alone. Several workers
      // may push one account twice at once after its contact got in (a few second PATCHes of the same value).
      if ((options.workers ?? 1) === 1) {
        expectCount(calls, 'PATCH company/companies/{id}', workload.accountCount, who);
      } else {
        expectAtLeast(calls, 'PATCH company/companies/{id}', workload.accountCount, who);
        expectAtMost(calls, 'PATCH company/companies/{id}', Math.ceil(workload.accountCount * 1.05), who);
      }
      const report = await reportEntries(setup);
      if (report.count > 0)
        throw new Error(`${who}: ${report.count} in the report: ${report.sample.join(' | ')}`);
      const failed = await failedJobs(setup);
      if (failed > 0) throw new Error(`${who}: ${failed} failed jobs`);
      return {
        who,
        records: workload.total,
        seconds,
        calls,
        peakRssMiB: Math.max(...peaks.values()),
        cpuSeconds: sum(cpu) - cpuAtReady,
        ...(sandboxCpu === undefined ? {} : { sandboxCpuSeconds: sandboxCpu }),
        ...(options.kind === 'postgres' ? { databaseCpuSeconds: sum(backendCpu) - backendCpuAtReady } : {}),
        startupSeconds: (cwsync.readyAt - cwsync.startedAt) / 1000,
        ...(workersReady === undefined
          ? {}
          : {
              fromWorkersRunning: {
                records: workload.total - workersReady.linked,
                seconds: (ended - workersReady.at) / 1000,
                cpuSeconds: sum(cpu) - workersReady.cpu,
                databaseCpuSeconds: sum(backendCpu) - workersReady.databaseCpu,
              },
            }),
      };
    } finally {
      await setup.destroy();
    }
  });
}

/** CPU seconds used between two readings of a process (undefined if either is missing). */
function cpuSpent(before: number | undefined, after: number | undefined): number | undefined {
  return before === undefined || after === undefined ? undefined : after - before;
}

async function withSandbox<T>(
  options: Pick<PushRunOptions, 'newCompanyBillTo'>,
  work: (sandbox: SandboxProcess) => Promise<T>,
): Promise<T> {
  const sandbox = await startSandboxProcess(
    options.newCompanyBillTo ? { newCompanyBillTo: options.newCompanyBillTo } : {},
  );
  try {
    return await work(sandbox);
  } finally {
    await sandbox.stop();
  }
}

export function expectCount(counts: Map<string, number>, key: string, expected: number, who: string): void {
  const actual = counts.get(key) ?? 0;
  if (actual !== expected) {
    throw new Error(`${who}: ${actual} ${key}, expected ${expected} (logs in ${logDirectory})`);
  }
}

function expectAtLeast(counts: Map<string, number>, key: string, least: number, who: string): void {
  const actual = counts.get(key) ?? 0;
  if (actual < least)
    throw new Error(`${who}: ${actual} ${key}, expected at least ${least} (logs in ${logDirectory})`);
}

function expectAtMost(counts: Map<string, number>, key: string, most: number, who: string): void {
  const actual = counts.get(key) ?? 0;
  if (actual > most)
    throw new Error(`${who}: ${actual} ${key}, expected at most ${most} (logs in ${logDirectory})`);
}

export const callsPerRecord = (run: PushRun): number => total(run.calls) / run.records;
export const writesOf = (run: PushRun): number => total(run.calls) - (byMethod(run.calls).get('GET') ?? 0);
export { writeWorkload };

/** The JSON a baseline script printed last. */
export function lastJsonLine(log: string): unknown {
  const line = readFileSync(log, 'utf8')
    .split('\n')
    .filter((text) => text.startsWith('{'))
    .at(-1);
  if (line === undefined) throw new Error(`no JSON result in ${log}`);
  return JSON.parse(line);
}
