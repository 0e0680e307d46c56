// How long one change takes to cross (issue 14 P5), against a sandbox in its own process at a given latency, with
// cwsync `serve` on SQLite (callbacks registered to its own URL): a BSS account renamed through the API until
// ConnectWise shows it (read back from the sandbox, one GET after the other), and a company renamed in ConnectWise
// by a person (POST /__sandbox/edit, so the callback is not self-suppressed) until the BSS API shows the name
// (read every 10 ms). The changes are spaced by a random 0–1 s, so they fall
// anywhere in a polling schedule's cycle.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  importFiles,
  instanceId,
  prepareCwsync,
  startCwsync,
  waitUntilLinked,
} from '../harness/cwsync-processes.js';
import { sleep } from '../harness/processes.js';
import { api, startSandboxProcess } from '../harness/sandbox-process.js';
import { writeWorkload } from '../harness/workload.js';

export interface ChangeLatencies {
  /** ms from the BSS API's answer to ConnectWise showing the change */
  bssToConnectwise: number[];
  /** ms from ConnectWise's answer to the BSS API showing the change */
  connectwiseToBss: number[];
}

export async function measureChangeLatency(options: {
  latencyMs: number;
  samples: number;
  accounts: number;
}): Promise<ChangeLatencies> {
  const sandbox = await startSandboxProcess();
  try {
    const setup = await prepareCwsync('sqlite', sandbox);
    try {
      const workload = writeWorkload(mkdtempSync(join(tmpdir(), 'cwsync-bench-latency-')), options.accounts);
      await importFiles(setup, [workload.accounts, workload.contacts]);
      await sandbox.setLatency(options.latencyMs);
      const cwsync = await startCwsync(setup, { concurrency: 16, callbacks: true });
      try {
        await waitUntilLinked(setup, workload.total);
        const links = await setup.database.db
          .selectFrom('record_links')
          .select(['record_id', 'integration_id'])
          .where('instance_id', '=', instanceId)
          .where('entity', '=', 'accounts')
          .execute();
        const bssApi = async (method: string, path: string, body?: unknown) => {
          const response = await fetch(`${cwsync.apiUrl}/api/v1${path}`, {
            method,
            headers: {
              authorization: `Bearer ${setup.token}`,
              ...(body === undefined ? {} : { 'content-type': 'application/merge-patch+json' }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
          return (await response.json()) as Record<string, unknown>;
        };
        const result: ChangeLatencies = { bssToConnectwise: [], connectwiseToBss: [] };
        for (let sample = 0; sample < options.samples; sample += 1) {
          const link = links[sample % links.length]!;
          await sleep(Math.random() * 1_000);
          const name = `Renamed in the BSS ${sample}`;
          await bssApi('PATCH', `/accounts/${link.record_id}`, { name });
          const written = performance.now();
          await waitFor(60_000, async () => {
            const company = (await api(sandbox.url, 'GET', `/company/companies/${link.integration_id}`)) as {
              name?: string;
            };
            return company.name === name;
          });
          result.bssToConnectwise.push(performance.now() - written);
        }
        for (let sample = 0; sample < options.samples; sample += 1) {
          // ConnectWise stamps lastUpdated to the second: a change within the second of cwsync's own last write
          // looks like that write (cwsync's echo check) and is not pulled, so phase two starts on the other end
          // of the list, more than a second after phase one
          const link = links[links.length - 1 - (sample % links.length)]!;
          await sleep(1_100 + Math.random() * 1_000);
          const name = `Renamed in ConnectWise ${sample}`;
          // made by a person (jsmith), not the API member: cwsync's callbacks are self-suppressed
          const edited = await fetch(`${sandbox.url}/__sandbox/edit`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              resource: 'company/companies',
              id: Number(link.integration_id),
              set: { name },
              member: 'jsmith',
            }),
          });
          if (!edited.ok) throw new Error(`POST /__sandbox/edit answered ${edited.status}`);
          const written = performance.now();
          await waitFor(
            600_000,
            async () => (await bssApi('GET', `/accounts/${link.record_id}`)).name === name,
            10,
          );
          result.connectwiseToBss.push(performance.now() - written);
        }
        return result;
      } finally {
        await cwsync.stop();
      }
    } finally {
      await setup.destroy();
    }
  } finally {
    await sandbox.stop();
  }
}

async function waitFor(timeoutMs: number, check: () => Promise<boolean>, everyMs = 0): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`a change did not arrive within ${timeoutMs / 1000} s`);
    if (everyMs > 0) await sleep(everyMs);
  }
}

export function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}
