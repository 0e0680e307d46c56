// Self time of a V8 .cpuprofile summed by area (the areas of docs/benchmarks.md), as shares of busy time, and its
// time by role (what a sample's whole stack was doing for), per record when the record count is given:
//   node --import tsx bench/profile/summarize-profile.ts <file.cpuprofile> [records]
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

type Frame = ProfileNode['callFrame'];

/** A frame of cwsync's own code, run from its sources (tsx) or its build, in folder `area` when given. */
function inCwsync(area = ''): (frame: Frame) => boolean {
  const folder = new RegExp(`/(src|dist)/${area}`);
  return (frame) => folder.test(frame.url);
}
const inUndici = (frame: Frame) =>
  frame.url.includes('undici') || frame.url.startsWith('node:internal/deps/undici');
const inConnectWiseClient = inCwsync('connect(ors/)?wise');
const inEngine = inCwsync('engine/');

/** First match wins: the area a frame's self time counts in. */
const areas: Array<[string, (frame: Frame) => boolean]> = [
  ['(idle)', (frame) => frame.functionName === '(idle)'],
  ['GC', (frame) => frame.functionName === '(garbage collector)'],
  [
    'Kysely SQLite driver executeQuery (better-sqlite3)',
    (frame) => /kysely\/.*sqlite-driver/.test(frame.url) && frame.functionName === 'executeQuery',
  ],
  ['better-sqlite3 (other)', (frame) => frame.url.includes('better-sqlite3')],
  ['Kysely (building, compiling, the rest)', (frame) => frame.url.includes('/kysely/')],
  ['JSONata', (frame) => frame.url.includes('jsonata')],
  ['undici', inUndici],
  ['zod', (frame) => frame.url.includes('/zod/')],
  ['pino (logging)', (frame) => frame.url.includes('pino')],
  ['cwsync engine', inEngine],
  ['cwsync sync', inCwsync('sync/')],
  ['cwsync jobs', inCwsync('jobs/')],
  ['cwsync connectwise + connectors', inConnectWiseClient],
  ['cwsync (other)', inCwsync()],
  ['tsx / esbuild loader', (frame) => frame.url.includes('tsx') || frame.url.includes('esbuild')],
  ['node internals', (frame) => frame.url.startsWith('node:')],
  ['(program, native)', (frame) => frame.url === ''],
];

/**
 * First match wins, over a sample's whole stack: what the process was doing for it. The ConnectWise calls (cwsync's
 * client and undici, the socket writes included) and the engine's own work (mapping, deciding) set beside the rest,
 * which is the runner's own work: the database's statements (the engine's reads and link writes among them), jobs,
 * waits, report, runs. Samples with no JavaScript on the stack (GC, native) are their own rows.
 */
const roles: Array<[string, (frame: Frame) => boolean]> = [
  [
    'startup (module loading)',
    (frame) => frame.url.startsWith('node:internal/modules') || /\/(tsx|esbuild)\//.test(frame.url),
  ],
  ['ConnectWise calls (client, HTTP)', (frame) => inConnectWiseClient(frame) || inUndici(frame)],
  ['database (statements, Kysely)', (frame) => /\/(kysely|better-sqlite3|pg|pg-protocol)\//.test(frame.url)],
  ['engine (mapping, deciding)', inEngine],
  ['cwsync (other: jobs, waits, report, runs)', inCwsync()],
];

function roleOf(node: ProfileNode, parentOf: Map<number, ProfileNode>): string {
  if (node.callFrame.functionName === '(idle)') return '(idle)';
  const stack: ProfileNode[] = [];
  for (let at: ProfileNode | undefined = node; at; at = parentOf.get(at.id)) stack.push(at);
  for (const [role, matches] of roles) if (stack.some((frame) => matches(frame.callFrame))) return role;
  if (/^\((garbage collector|program|root)\)$/.test(node.callFrame.functionName)) {
    return `no JavaScript: ${node.callFrame.functionName}`;
  }
  return 'other (node internals, timers, promises)';
}

function summarizeRoles(profile: CpuProfile, byId: Map<number, ProfileNode>, records?: number): string[] {
  const parentOf = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  const micros = new Map<string, number>();
  const roleById = new Map<number, string>();
  profile.samples.forEach((id, index) => {
    let role = roleById.get(id);
    if (role === undefined) roleById.set(id, (role = roleOf(byId.get(id)!, parentOf)));
    micros.set(role, (micros.get(role) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const busy = [...micros].filter(([role]) => role !== '(idle)').reduce((sum, [, us]) => sum + us, 0);
  const lines = [
    `by role (a sample counts in the first role its stack shows)${records ? '; main thread, ms per record' : ''}:`,
  ];
  const perRecord = (us: number) => (records ? `${(us / 1000 / records).toFixed(3).padStart(7)} ms  ` : '');
  for (const [role, us] of [...micros].sort((a, b) => b[1] - a[1])) {
    if (role !== '(idle)')
      lines.push(`${((100 * us) / busy).toFixed(1).padStart(5)} %  ${perRecord(us)}${role}`);
  }
  if (records) {
    const working = busy - (micros.get(roles[0]![0]) ?? 0);
    lines.push(`        ${perRecord(working)}busy, startup left out`);
  }
  return lines;
}

/** `records`: the records the profiled run pushed or pulled, for the roles' main-thread time per record. */
export function summarizeProfile(path: string, records?: number): string {
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
  lines.push(...summarizeRoles(profile, byId, records));
  lines.push('top functions (self):');
  for (const [name, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    lines.push(`${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${name}`);
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('summarize-profile.ts') && process.argv[2]) {
  console.log(summarizeProfile(process.argv[2], process.argv[3] ? Number(process.argv[3]) : undefined));
}
