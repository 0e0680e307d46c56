import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { compileConnectorDefinition, type FieldMapping } from '../../src/engine/index.js';
import { loadConnectWiseDefinition } from '../../src/connectors/connectwise/index.js';

const connector = await loadConnectWiseDefinition();
const accounts = connector.modules.get('accounts')!;

/** What the engine makes of a JSONata answer: plain JSON, no functions, no undefined members. */
const plain = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));

// Every input shape a path meets on the way: the direct read must answer exactly what JSONata answers.
const inputs: unknown[] = [
  { a: { b: 'text' } },
  { a: { b: 0 } },
  { a: { b: false } },
  { a: { b: null } },
  { a: null },
  { a: 5 },
  { a: 'text' },
  { a: {} },
  {},
  { a: { b: [1] } },
  { a: { b: [] } },
  { a: { b: [[1], [2]] } },
  { a: { b: { c: [1], d: undefined, e: () => 1 } } },
  { a: [{ b: 1 }, { b: 2 }] },
  { a: [{ b: 1 }] },
  { a: { b: [{ c: 1 }] } },
  { a: { toString: 'own' } },
];

/** The accounts module of the ConnectWise definition with its push fields replaced by `fields`. */
function pushMappingOf(fields: Array<Pick<FieldMapping, 'target' | 'source' | 'expression'>>) {
  const compiled = compileConnectorDefinition({
    ...connector.definition,
    modules: {
      ...connector.definition.modules,
      accounts: { ...accounts.definition, push: { ...accounts.definition.push, fields } },
    },
  });
  return compiled.modules.get('accounts')!.push!;
}

describe('a mapping field that is a plain path or an object of them', () => {
  it('answers what JSONata answers, whatever the path meets on the way (arrays are left to JSONata)', async () => {
    const paths = [
      'a',
      'a.b',
      'a.b.c',
      'a.toString',
      ' a . b ',
      'a.b.c.d',
      '{"id": a.b}',
      ' { "x" : a , "y": a.b.c } ',
      '{"a:b": a.b, "c,d": a}',
      '{"k": a.and}',
    ];
    const mapping = pushMappingOf(
      paths.map((path, index) => ({ target: `f${index}`, source: path, expression: path })),
    );
    for (const input of inputs) {
      const expected: Record<string, unknown> = {};
      for (const [index, path] of paths.entries()) {
        const value = plain(await jsonata(path).evaluate(input));
        if (value !== undefined) expected[`f${index}`] = value;
      }
      expect(await mapping.map(input), JSON.stringify(input)).toEqual(expected);
    }
    // over an array, JSONata maps the path and flattens what it finds
    expect(await mapping.map({ a: [{ b: 1 }, { b: 2 }] })).toMatchObject({ f1: [1, 2] });
  });
});

describe('a mapping of plain paths and expressions', () => {
  const fields = [
    { target: 'name', source: 'Name', expression: 'record.name' },
    { target: 'status', source: 'Status', expression: '{"id": vars.statusId}' },
    { target: 'city', source: 'City', expression: 'record.addresses.city' },
    { target: 'parent', source: 'Parent', expression: 'link.parent ? {"id": link.parent}' },
    { target: 'fax', source: 'Fax', expression: 'record.fax' },
    { target: 'tags', source: 'Tags', expression: 'record.tags' },
  ];
  const direction = pushMappingOf(fields);
  const asOneExpression = jsonata(
    `{${fields.map((field) => `${JSON.stringify(field.target)}: (${field.expression})`).join(',')}}`,
  );

  it('maps as one JSONata object expression would, in the fields order, leaving out what is undefined', async () => {
    const cases = [
      {
        record: { name: 'A', fax: null, tags: ['x'], addresses: { city: 'Tampa' } },
        vars: { statusId: 1 },
        link: {},
      },
      {
        record: { name: 'B', addresses: [{ city: 'Tampa' }, { city: 'Ybor' }] },
        vars: {},
        link: { parent: 7 },
      },
      { record: { addresses: [] }, vars: { statusId: 2 }, link: { parent: 0 } },
    ];
    for (const input of cases) {
      const mapped = await direction.map(input);
      const expected = plain(await asOneExpression.evaluate(input));
      expect(mapped).toEqual(expected);
      expect(Object.keys(mapped)).toEqual(Object.keys(expected as object));
    }
  });
});

describe('a mapping made again once the record has its own id', () => {
  const fields = [
    { target: 'name', source: 'Name', expression: 'record.name' },
    { target: 'billTo', source: 'Self', expression: 'link.self ? {"id": link.self}' },
    { target: 'own', source: 'Self', expression: 'link.self' },
    { target: 'parent', source: 'Parent', expression: 'link.parent ? {"id": link.parent}' },
    { target: 'links', source: 'Links', expression: '$count($keys(link))' },
    { target: 'whole', source: 'Input', expression: '$count($keys($$.link))' },
    { target: 'status', source: 'Status', expression: '{"id": vars.statusId}' },
  ];
  const mapping = pushMappingOf(fields);

  it('is the whole mapping of the input with the id, whichever fields read it and however', async () => {
    for (const link of [{}, { parent: 7 }, { parent: 7, other: 1 }]) {
      const input = { record: { name: 'A' }, vars: { statusId: 1 }, link };
      const before = await mapping.map(input);
      const withSelf = { ...input, link: { ...link, self: 42 } };
      const again = await mapping.remapWithSelf(withSelf, before);
      const whole = await mapping.map(withSelf);
      expect(again).toEqual(whole);
      expect(Object.keys(again)).toEqual(Object.keys(whole));
      expect(again).toMatchObject({ billTo: { id: 42 }, own: 42 });
    }
  });
});
