// Counts the SQL statements every cwsync process sends through node-postgres, by text, and (CWSYNC_PROF_DIR set)
// takes a CPU profile of each: `--cpu-prof` is refused in NODE_OPTIONS, and the benchmarks start their processes
// with the benchmark's environment, so this preload reaches the workers:
//   NODE_OPTIONS="--import $PWD/bench/profile/count-pg-statements.mjs" CWSYNC_STATEMENTS_DIR=/tmp/s \
//     TEST_DATABASE_URL=… CWSYNC_BENCH_DATABASES=postgres npm run bench -- runner-vs-script
// Each process writes <dir>/<pid>-<its command>-<its arguments>.json at exit (statement-counts.mjs): [text, count,
// answers with no row] triples, most frequent first (a `get_job` with no row found no job), and `NOTIFY <channel>`
// for the notifications it received.
// `node bench/profile/sum-pg-statements.mjs <dir> <records>` adds up the workers' files per record.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import pg from 'pg';
import { countStatementsUntilExit, processFileName } from './statement-counts.mjs';

const { countOf } = countStatementsUntilExit();
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(config, ...rest) {
  const text = typeof config === 'string' ? config : (config?.text ?? config?.name ?? '?');
  const count = countOf(String(text).replace(/\s+/g, ' ').slice(0, 140));
  count.sent += 1;
  const result = query.call(this, config, ...rest);
  if (typeof result?.then === 'function') {
    result.then(
      (answer) => {
        if (answer?.rowCount === 0) count.empty += 1;
      },
      () => undefined,
    );
  }
  return result;
};
const emit = pg.Client.prototype.emit;
pg.Client.prototype.emit = function countedEmit(event, ...rest) {
  if (event === 'notification') countOf(`NOTIFY ${rest[0]?.channel}`).sent += 1;
  return emit.call(this, event, ...rest);
};
const profiles = process.env.CWSYNC_PROF_DIR;
if (profiles) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // the in-process session answers synchronously, so the profile is written before the process ends
  process.on('exit', () =>
    session.post('Profiler.stop', (error, result) => {
      if (!error)
        writeFileSync(join(profiles, `${processFileName}.cpuprofile`), JSON.stringify(result.profile));
    }),
  );
}
