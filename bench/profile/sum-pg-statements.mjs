// Adds up what count-pg-statements.mjs (or count-sqlite-statements.mjs) wrote for the processes of one run whose
// arguments name `worker` (or the third argument, e.g. `serve`), per record:
//   node bench/profile/sum-pg-statements.mjs <dir> <records> [worker]
// prints, for every text sent more than 0.02 times per record: sent and answered with no row, per record.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [directory, recordsText, processName = 'worker'] = process.argv.slice(2);
const records = Number(recordsText);
if (!directory || !(records > 0)) throw new Error('usage: sum-pg-statements.mjs <dir> <records> [worker]');
const totals = new Map();
for (const file of readdirSync(directory)) {
  if (!file.includes(processName) || !file.endsWith('.json')) continue;
  for (const [text, sent, empty = 0] of JSON.parse(readFileSync(join(directory, file), 'utf8'))) {
    const total = totals.get(text) ?? { sent: 0, empty: 0 };
    total.sent += sent;
    total.empty += empty;
    totals.set(text, total);
  }
}
let statements = 0;
for (const [text, total] of [...totals].sort((a, b) => b[1].sent - a[1].sent)) {
  if (!text.startsWith('NOTIFY ')) statements += total.sent;
  if (total.sent / records <= 0.02) continue;
  const perRecord = (value) => (value / records).toFixed(3).padStart(7);
  console.log(`${perRecord(total.sent)} ${perRecord(total.empty)}  ${text.slice(0, 100)}`);
}
console.log(
  `${(statements / records).toFixed(2)} statements per record (sent, no row; notifications received)`,
);
