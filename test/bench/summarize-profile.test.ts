// The profile summary's time by role (issue 14's P2: the runner's own cost beside the engine's and the ConnectWise
// calls'): a sample counts in the first role its whole stack shows, startup is left out of the per-record total.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeProfile } from '../../bench/profile/summarize-profile.js';

const app = 'file:///opt/cwsync/dist';
const frame = (functionName: string, url: string) => ({ functionName, url });
// id → [frame, parent id]
const tree: Array<[number, ReturnType<typeof frame>, number | undefined]> = [
  [1, frame('(root)', ''), undefined],
  [2, frame('runJob', `${app}/sync/push-job.js`), 1],
  [3, frame('pushRecord', `${app}/engine/push/push-record.js`), 2],
  [4, frame('sendRequest', `${app}/connectwise/send-request.js`), 3],
  [5, frame('writev', ''), 4],
  [
    6,
    frame('executeQuery', 'file:///opt/cwsync/node_modules/kysely/dist/esm/dialect/sqlite/sqlite-driver.js'),
    3,
  ],
  [7, frame('toPlainJson', `${app}/engine/definition/compile-expression.js`), 3],
  [8, frame('fileOutcome', `${app}/sync/push-job.js`), 2],
  [9, frame('compileSourceTextModule', 'node:internal/modules/esm/utils'), 1],
  [10, frame('(garbage collector)', ''), 1],
  [11, frame('(idle)', ''), 1],
  [12, frame('processTicksAndRejections', 'node:internal/process/task_queues'), 1],
];

const folder = mkdtempSync(join(tmpdir(), 'cwsync-profile-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function writeProfile(samples: Array<[number, number]>): string {
  const nodes = tree.map(([id, callFrame]) => ({
    id,
    callFrame,
    children: tree.filter(([, , parent]) => parent === id).map(([child]) => child),
  }));
  const path = join(folder, 'test.cpuprofile');
  writeFileSync(
    path,
    JSON.stringify({
      nodes,
      samples: samples.map(([id]) => id),
      timeDeltas: samples.map(([, micros]) => micros),
    }),
  );
  return path;
}

describe('summarizeProfile by role', () => {
  it('counts each sample in the first role its stack shows, per record, startup left out', () => {
    // µs per node: ConnectWise 400 (the socket write under the engine), database 300 (under the engine too),
    // engine 200, the runner's own JavaScript 100, GC 50, node internals 50, startup 900, idle 5 000
    const summary = summarizeProfile(
      writeProfile([
        [5, 400],
        [6, 300],
        [7, 200],
        [8, 100],
        [10, 50],
        [12, 50],
        [9, 900],
        [11, 5000],
      ]),
      10,
    );
    const role = (name: string) =>
      summary
        .split('\n')
        .find((line) => line.endsWith(name))
        ?.trim();
    expect(role('ConnectWise calls (client, HTTP)')).toBe(
      '20.0 %    0.040 ms  ConnectWise calls (client, HTTP)',
    );
    expect(role('database (statements, Kysely)')).toBe('15.0 %    0.030 ms  database (statements, Kysely)');
    expect(role('engine (mapping, deciding)')).toBe('10.0 %    0.020 ms  engine (mapping, deciding)');
    expect(role('cwsync (other: jobs, waits, report, runs)')).toBe(
      '5.0 %    0.010 ms  cwsync (other: jobs, waits, report, runs)',
    );
    expect(role('no JavaScript: (garbage collector)')).toBe(
      '2.5 %    0.005 ms  no JavaScript: (garbage collector)',
    );
    expect(role('other (node internals, timers, promises)')).toBe(
      '2.5 %    0.005 ms  other (node internals, timers, promises)',
    );
    expect(role('startup (module loading)')).toBe('45.0 %    0.090 ms  startup (module loading)');
    expect(role('busy, startup left out')).toBe('0.110 ms  busy, startup left out');
    expect(summary).not.toMatch(/%\s+(\S+ ms\s+)?\(idle\)/);
  });
});
