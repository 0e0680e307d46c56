// npm run bench [-- suite-name …]: runs every suite in bench/suites (or the ones named), prints one table,
// and writes the figures with the machine's description to bench/results/latest.json.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { BenchResult, BenchSuite } from './types.js';

const suitesDir = new URL('./suites/', import.meta.url);
const wanted = process.argv.slice(2);

const files = (await readdir(suitesDir)).filter((file) => file.endsWith('.ts')).sort();
const results: BenchResult[] = [];
for (const file of files) {
  const name = file.replace(/\.ts$/, '');
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const { run } = (await import(new URL(file, suitesDir).href)) as { run: BenchSuite };
  console.log(`▶ ${name}`);
  const started = performance.now();
  const suiteResults = await run();
  results.push(...suiteResults);
  for (const result of suiteResults) printRow(result);
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

const machine = {
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  at: new Date().toISOString(),
};
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/latest.json', import.meta.url),
  `${JSON.stringify({ machine, results }, null, 2)}\n`,
);
console.log(`\n${results.length} figures on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}`);

function printRow(result: BenchResult): void {
  const value = result.value >= 100 ? result.value.toFixed(0) : result.value.toFixed(2);
  const note = result.note ? `  (${result.note})` : '';
  console.log(`  ${result.name.padEnd(58)} ${value.padStart(10)} ${result.unit}${note}`);
}
