// Self time of a V8 .cpuprofile summed by area (the areas of docs/benchmarks.md), as shares of busy time.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** First match wins: the area a frame's self time counts in. */
const areas: Array<[string, (frame: ProfileNode['callFrame']) => boolean]> = [
  ['(idle)', (frame) => frame.functionName === '(idle)'],
  ['GC', (frame) => frame.functionName === '(garbage collector)'],
  [
    'Kysely SQLite driver executeQuery (better-sqlite3)',
    (frame) => /kysely\/.*sqlite-driver/.test(frame.url) && frame.functionName === 'executeQuery',
  ],
  ['better-sqlite3 (other)', (frame) => frame.url.includes('better-sqlite3')],
  ['Kysely (building, compiling, the rest)', (frame) => frame.url.includes('/kysely/')],
  ['JSONata', (frame) => frame.url.includes('jsonata')],
  ['undici', (frame) => frame.url.includes('undici') || frame.url.startsWith('node:internal/deps/undici')],
  ['zod', (frame) => frame.url.includes('/zod/')],
  ['pino (logging)', (frame) => frame.url.includes('pino')],
  ['src/engine', (frame) => frame.url.includes('/src/engine/')],
  ['src/sync', (frame) => frame.url.includes('/src/sync/')],
  ['src/jobs', (frame) => frame.url.includes('/src/jobs/')],
  ['src/connectwise + connectors', (frame) => /\/src\/connect(ors\/)?wise/.test(frame.url)],
  ['src (other)', (frame) => frame.url.includes('/src/')],
  ['tsx / esbuild loader', (frame) => frame.url.includes('tsx') || frame.url.includes('esbuild')],
  ['node internals', (frame) => frame.url.startsWith('node:')],
  ['(program, native)', (frame) => frame.url === ''],
];

export function summarizeProfile(path: string): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<string, number>();
  const byFunction = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const node = byId.get(id)!;
    const delta = profile.timeDeltas[index] ?? 0;
    const area = areas.find(([, matches]) => matches(node.callFrame))?.[0] ?? 'other';
    selfMicros.set(area, (selfMicros.get(area) ?? 0) + delta);
    const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '')}`;
    if (area !== '(idle)') byFunction.set(name, (byFunction.get(name) ?? 0) + delta);
  });
  const busy = [...selfMicros].filter(([area]) => area !== '(idle)').reduce((sum, [, us]) => sum + us, 0);
  const lines = [
    `busy ${(busy / 1e6).toFixed(1)} s, idle ${((selfMicros.get('(idle)') ?? 0) / 1e6).toFixed(1)} s`,
  ];
  for (const [area, micros] of [...selfMicros].sort((a, b) => b[1] - a[1])) {
    if (area === '(idle)') continue;
    lines.push(`${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${area}`);
  }
  lines.push('top functions (self):');
  for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    lines.push(`${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${name}`);
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('summarize-profile.ts') && process.argv[2]) {
  console.log(summarizeProfile(process.argv[2]));
}
