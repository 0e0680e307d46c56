import jsonata from 'jsonata';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';
import { compileConnectorDefinition } from '../../src/engine/index.js';

// Every JSONata evaluation is counted: what is read directly must not reach it.
const jsonataCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('jsonata', async (importOriginal) => {
  const actual = ((await importOriginal()) as { default: typeof jsonata }).default;
  const counted = (source: string) => {
    const expression = actual(source);
    const evaluate = expression.evaluate.bind(expression) as (input: unknown) => Promise<unknown>;
    expression.evaluate = ((input: unknown) => {
      jsonataCalls.count += 1;
      return evaluate(input);
    }) as typeof expression.evaluate;
    return expression;
  };
  return { default: counted };
});
beforeEach(() => {
  jsonataCalls.count = 0;
});

const connector = await loadConnectWiseDefinition();
const accounts = connector.modules.get('accounts')!;

/** The engine's mapping of one field, `v`, by `expression` (the accounts module's push with that field alone). */
function engineOf(expression: string) {
  const compiled = compileConnectorDefinition({
    ...connector.definition,
    modules: {
      ...connector.definition.modules,
      accounts: {
        ...accounts.definition,
        push: { ...accounts.definition.push, fields: [{ target: 'v', source: 'V', expression }] },
      },
    },
  });
  return compiled.modules.get('accounts')!.push!;
}

/**
 * The same expression as the engine evaluated it before: a block whose last expression is `source` answers what
 * `source` answers, and is neither a plain path nor a shape read directly, so the engine hands it to JSONata and
 * treats JSONata's answer as it always did.
 */
const throughJsonata = (source: string) => `("";\n${source}\n)`;

/** Every JSONata expression of the ConnectWise connector's definition (fields, actions' inputs, derived values…). */
function connectorExpressions(): string[] {
  const found = new Set<string>();
  const expressionKeys = new Set(['expression', 'input', 'items', 'recordId', 'newRecordId', 'adoptWhen']);
  const walk = (value: unknown, key: string | undefined, inDerived: boolean): void => {
    if (typeof value === 'string') {
      if ((key !== undefined && expressionKeys.has(key)) || inDerived) found.add(value);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [childKey, child] of Object.entries(value)) walk(child, childKey, key === 'derived');
  };
  walk(connector.definition, undefined, false);
  return [...found].filter((source) => {
    try {
      jsonata(source);
      return true;
    } catch {
      return false;
    }
  });
}

/** The field names an expression reads (its paths' steps), to build inputs that reach them. */
function namesIn(source: string): string[] {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const { type, value } = node as { type?: string; value?: unknown };
    if (type === 'name' && typeof value === 'string') names.add(value);
    Object.values(node).forEach(walk);
  };
  walk(jsonata(source).ast());
  return [...names];
}

/** A small deterministic generator (the same inputs on every run). */
function randomFrom(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Inputs whose members at `names` are of every kind a path, a filter, a comparison or a condition may meet. */
function inputsFor(names: string[], count: number, seed: number): Array<Record<string, unknown>> {
  const random = randomFrom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const leaves = [undefined, null, 0, 1, 2.5, '', 'x', 'Email', 'Phone', true, false, 'true'];
  const valueAt = (depth: number): unknown => {
    const roll = random();
    if (depth > 3 || roll < 0.35) return pick(leaves);
    if (roll < 0.75) return objectAt(depth + 1);
    if (roll < 0.8) return [];
    if (roll < 0.85) return [pick(leaves), pick(leaves)];
    return Array.from({ length: Math.floor(random() * 3) + 1 }, () => objectAt(depth + 1));
  };
  const objectAt = (depth: number): Record<string, unknown> => {
    const object: Record<string, unknown> = {};
    for (const name of names) if (random() < 0.6) object[name] = valueAt(depth);
    return object;
  };
  return Array.from({ length: count }, () => objectAt(0));
}

async function engineAnswer(
  engine: ReturnType<typeof engineOf>,
  input: Record<string, unknown>,
): Promise<unknown> {
  try {
    return JSON.parse(JSON.stringify(await engine.map(input))) as unknown;
  } catch (error) {
    // JSONata's message; where it is reported (the field, or the fields JSONata evaluates together) may differ
    return { error: (error as Error).message.replace(/^modules\.accounts\.push\.fields(\.v)?: /, '') };
  }
}

/** The engine's answer and JSONata's for `source` on each of `inputs`. */
async function expectJsonataAnswers(source: string, inputs: Array<Record<string, unknown>>) {
  const engine = engineOf(source);
  const reference = engineOf(throughJsonata(source));
  for (const input of inputs) {
    jsonataCalls.count = 0;
    const expected = await engineAnswer(reference, input);
    expect(jsonataCalls.count).toBe(1);
    expect(await engineAnswer(engine, input), `${source} on ${JSON.stringify(input)}`).toEqual(expected);
  }
}

/** How many JSONata evaluations the engine's mapping by `source` of `input` makes. */
async function jsonataCallsOf(source: string, input: Record<string, unknown>): Promise<number> {
  const engine = engineOf(source);
  jsonataCalls.count = 0;
  await engine.map(input).catch(() => undefined);
  return jsonataCalls.count;
}

const shapes = [
  'true',
  '"text"',
  '3',
  'null',
  'a ? {"id": a}',
  'a ? [{"id": a.b}]',
  'a ? {"id": a} : (b ? {"id": b})',
  'a.b ? a.b : c',
  'a = true',
  'a != "x"',
  'a.b = c',
  '$exists(a.b)',
  '$exists(a)',
  'a[b = true][0]',
  'a[b = "Email"][0].c',
  'a[0].b',
  'a[1]',
  'a[b]',
  'a[b = true]',
  '{"x": (a), "y": (a ? {"id": a}), "z": (b[0].c)}',
  '[a, b]',
  '[a]',
  '{"x": a, "x2": [a.b]}',
  '(a)',
  'a[b = "Phone" and c != "Cell"][0].d',
  'a[b = "Cell" or c = "Mobile"][0].d',
  'a and b',
  'a or b.c',
  '$append(a, b)',
  '$append(a[b != true], [c])',
  '$append([a], b.c)',
  '$merge(a)',
  '$merge([a, b])',
  '$merge([a[b = true][0], {"b": true, "c": $exists(c) ? c : null}])',
  '$append(a[b != true], [$merge([a[b = true][0], {"b": true, "d": $exists(c.d) ? c.d : null}])])',
];

/** Inputs the generator reaches rarely: several items through a filter, a filter over one object, nested arrays. */
const chosenInputs: Array<Record<string, unknown>> = [
  { a: [{ b: true }, { b: true, c: 1 }], b: 'x' },
  {
    a: [
      { b: 'Email', c: 'one' },
      { b: 'Email', c: 'two' },
    ],
  },
  { a: { b: true, c: 1 } },
  { a: [[{ b: true }], [{ b: true }]] },
  { a: [{ b: [true] }] },
  { a: ['x', { b: true }] },
  { a: [{ b: 1 }, { b: 0 }], b: 1 },
  {
    a: [
      { b: false, c: 1 },
      { b: true, c: 2, d: [3] },
    ],
    c: { d: 'x' },
  },
  { a: [{ b: true, c: 2 }], b: { c: 1 }, c: 'y' },
  { a: [{ b: false }, { b: false }, { b: true, c: { d: 1 } }], b: [1, 2] },
  { a: { b: true, c: 3 }, b: { c: null } },
  { a: [{ b: true }, 'x'], b: 'z' },
];

describe('a mapping expression read without JSONata', () => {
  it('answers what JSONata answers for the shapes it reads and the inputs that reach every rule', async () => {
    for (const [index, source] of shapes.entries()) {
      await expectJsonataAnswers(source, [...chosenInputs, ...inputsFor(namesIn(source), 300, index + 1)]);
    }
  });

  it("answers what JSONata answers for every expression of the ConnectWise connector's definition", async () => {
    const sources = connectorExpressions();
    expect(sources.length).toBeGreaterThan(50);
    for (const [index, source] of sources.entries()) {
      await expectJsonataAnswers(source, inputsFor(namesIn(source), 60, 1_000 + index));
    }
  });

  it('reads the shapes a push evaluates for every record without evaluating JSONata', async () => {
    const input = {
      record: { addresses: [{ isBilling: false }, { isBilling: true, city: 'Lyon' }] },
      link: { self: 7, account: 3 },
      lookup: { accountType: 2 },
      vars: {},
      contact: {
        communicationItems: [
          { communicationType: 'Phone', type: { name: 'Cell' }, value: '06' },
          { communicationType: 'Email', value: 'a@b.c' },
        ],
      },
      isPrimary: true,
      types: [{ id: 1 }],
    };
    const expectations: Array<[string, unknown]> = [
      ['record.addresses[isBilling = true][0]', { isBilling: true, city: 'Lyon' }],
      ['link.self ? {"id": link.self}', { id: 7 }],
      ['lookup.accountType ? [{"id": lookup.accountType}]', [{ id: 2 }]],
      ['vars.site ? {"name": vars.site}', undefined],
      ['lookup.currency ? {"id": lookup.currency} : (link.account ? {"id": link.account})', { id: 3 }],
      ['contact.communicationItems[communicationType = "Email"][0].value', 'a@b.c'],
      ['contact.communicationItems[type.name = "Cell" or type.name = "Mobile"][0].value', '06'],
      ['$exists(related.account.type.id)', false],
      ['isPrimary = true', true],
      ['types[0].id', 1],
      ['true', true],
      [
        '$append(record.addresses[isBilling != true], [$merge([record.addresses[isBilling = true][0], {"isBilling": true, "city": $exists(vars.city) ? vars.city : null}])])',
        [{ isBilling: false }, { isBilling: true, city: null }],
      ],
    ];
    for (const [source, expected] of expectations) {
      const engine = engineOf(source);
      jsonataCalls.count = 0;
      expect(await engine.map(input), source).toEqual(expected === undefined ? {} : { v: expected });
      expect(jsonataCalls.count, source).toBe(0);
    }
  });

  it('leaves to JSONata what it does not read: other operators and functions, and inputs with its own rules', async () => {
    for (const source of [
      '$string(a)',
      '$append(a)',
      '$merge(a, b)',
      'a & b',
      'a.*',
      'a < b',
      'a[-1]',
      'a[]',
      'a.b[0]{"k": c}',
      '-a',
    ]) {
      expect(await jsonataCallsOf(source, { a: { b: 1 } }), source).toBe(1);
    }
    for (const input of [{ a: [1] }, { a: { b: 1 } }, { a: [{ id: 1 }, { id: 2 }] }]) {
      expect(await jsonataCallsOf('a ? {"id": a}', input), JSON.stringify(input)).toBe(1);
    }
    expect(await jsonataCallsOf('a ? {"id": a}', { a: 'x' })).toBe(0);
    // $merge of something other than objects is JSONata's error to give
    expect(await jsonataCallsOf('$merge([a, b])', { a: { c: 1 }, b: 'x' })).toBe(1);
    expect(await jsonataCallsOf('$merge([a, b])', { a: { c: 1 }, b: { c: 2 } })).toBe(0);
  });
});
