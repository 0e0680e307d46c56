// Counts the SQL statements a cwsync process runs through better-sqlite3 (SQLite), by text, as
// count-pg-statements.mjs does for PostgreSQL; the benchmarks start their processes with the benchmark's
// environment, so this preload reaches `serve`:
//   NODE_OPTIONS="--import $PWD/bench/profile/count-sqlite-statements.mjs" CWSYNC_STATEMENTS_DIR=/tmp/s \
//     CWSYNC_BENCH_DATABASES=sqlite CWSYNC_BENCH_LATENCIES=0 npm run bench -- runner-vs-script
// Each process that ran a statement writes <dir>/<pid>-<its command>-<its arguments>.json at exit: [text, count,
// answers with no row (a read that found none, a write that changed none)] triples, most frequent first.
// `node bench/profile/sum-pg-statements.mjs <dir> <records> serve` adds up serve's files per record.
import Database from 'better-sqlite3';
import { countStatementsUntilExit } from './statement-counts.mjs';

const counts = countStatementsUntilExit();
const countOf = (statement) => {
  const count = counts.countOf(statement.source.replace(/\s+/g, ' ').slice(0, 140));
  count.sent += 1;
  return count;
};
const probe = new Database(':memory:');
const statementPrototype = Object.getPrototypeOf(probe.prepare('select 1'));
probe.close();
const { run, get, all } = statementPrototype;
statementPrototype.run = function countedRun(...parameters) {
  const count = countOf(this);
  const result = run.apply(this, parameters);
  if (result.changes === 0 && /^\s*(insert|update|delete)/i.test(this.source)) count.empty += 1;
  return result;
};
statementPrototype.get = function countedGet(...parameters) {
  const count = countOf(this);
  const row = get.apply(this, parameters);
  if (row === undefined) count.empty += 1;
  return row;
};
statementPrototype.all = function countedAll(...parameters) {
  const count = countOf(this);
  const rows = all.apply(this, parameters);
  if (rows.length === 0) count.empty += 1;
  return rows;
};
