// What count-pg-statements.mjs and count-sqlite-statements.mjs share: a process's statements counted by text, and
// written at its exit to <CWSYNC_STATEMENTS_DIR>/<pid>-<its command>-<its arguments>.json as [text, count, answers
// with no row] triples, most frequent first.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** This process's name in the files: its pid, its command (`serve`, `worker`) and the tail of its arguments. */
export const processFileName = [
  process.pid,
  process.argv[2] ?? '',
  process.argv.slice(3).join(' ').slice(-40),
]
  .join('-')
  .replace(/[^a-z0-9-]+/gi, '_');

/** The counts by text (`countOf(text)`, a `{ sent, empty }` to add to), written when the process exits. */
export function countStatementsUntilExit() {
  const directory = process.env.CWSYNC_STATEMENTS_DIR ?? '/tmp';
  const counts = new Map();
  process.on('exit', () => {
    if (counts.size === 0) return;
    const rows = [...counts.entries()]
      .map(([text, count]) => [text, count.sent, count.empty])
      .sort((a, b) => b[1] - a[1]);
    writeFileSync(join(directory, `${processFileName}.json`), JSON.stringify(rows, null, 1));
  });
  return {
    countOf(key) {
      let count = counts.get(key);
      if (count === undefined) counts.set(key, (count = { sent: 0, empty: 0 }));
      return count;
    },
  };
}
