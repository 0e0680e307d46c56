/**
 * A mapping expression's common shapes evaluated without JSONata, from JSONata's own parse of it: conditions
 * (`link.self ? {"id": link.self}`), object and array constructors, `=` / `!=`, `and` / `or`, `$exists(…)`,
 * `$append(…, …)` and `$merge(…)` (the accounts' pull mapping of `addresses`, evaluated for every push's conflict
 * base), and paths with a filter or an index (`record.addresses[isBilling = true][0]`, `types[0].id`). A JSONata
 * evaluation costs an environment, frames and a promise per node: the push engine evaluates about seven such
 * expressions per record, a tenth of the runner's CPU at 0 ms (docs/benchmarks.md, sqlite-lean).
 *
 * The answer must be JSONata's own, so this is deliberately narrow: a node of any other kind leaves the whole
 * expression to JSONata (compile time), and so does, for that input, any value whose JSONata rules are more than a
 * property access (an array met where no filter or index is written, several items left by a filter, an object
 * or array compared or tested for truth, a number as a filter's answer). test/engine/direct-expression.test.ts
 * compares both on the connector's expressions and on inputs chosen to reach every fallback.
 */
import { constructObject, needsJsonata } from './simple-path.js';

export type DirectExpression = (input: unknown) => unknown;

/** A JSONata syntax tree node (only the members read here). */
interface Node {
  type: string;
  value?: unknown;
  steps?: Node[];
  stages?: Node[];
  expr?: Node;
  lhs?: Node | Array<[Node, Node]>;
  rhs?: Node;
  condition?: Node;
  then?: Node;
  else?: Node;
  expressions?: Node[];
  arguments?: Node[];
  procedure?: Node;
}

type Evaluator = (context: unknown) => unknown;

class Unsupported extends Error {}

/** An evaluator for `ast` (from `jsonata(source).ast()`), or undefined when any node is not one handled here. */
export function compileDirect(ast: unknown): DirectExpression | undefined {
  try {
    const evaluate = compileNode(ast as Node);
    return (input) => (isPlainObject(input) ? evaluate(input) : needsJsonata);
  } catch {
    // Unsupported, or a tree of a form not foreseen here (another JSONata version's): JSONata evaluates it.
    return undefined;
  }
}

const nodeMembers: Record<string, readonly string[]> = {
  path: ['steps'],
  name: ['value', 'stages'],
  filter: ['expr'],
  binary: ['value', 'lhs', 'rhs'],
  condition: ['condition', 'then', 'else'],
  unary: ['value', 'lhs', 'expressions'],
  block: ['expressions'],
  function: ['value', 'arguments', 'procedure'],
  variable: ['value'],
  string: ['value'],
  number: ['value'],
  value: ['value'],
};

/**
 * A node with a member not listed (a step's `keepArray`, `focus`, `tuple`, `group`, …) changes JSONata's rules;
 * a member that is there but undefined (a function call's `name`) does not.
 */
function checkMembers(node: Node): void {
  const allowed = nodeMembers[node.type];
  if (allowed === undefined) throw new Unsupported();
  for (const [member, value] of Object.entries(node)) {
    if (value === undefined || member === 'type' || member === 'position') continue;
    if (!allowed.includes(member)) throw new Unsupported();
  }
}

function compileNode(node: Node): Evaluator {
  checkMembers(node);
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value': {
      const constant = node.value;
      return () => constant;
    }
    case 'path':
      return compilePath(node.steps ?? []);
    case 'binary':
      return compileComparison(node);
    case 'condition':
      return compileCondition(node);
    case 'unary':
      if (node.value === '{') return compileObject(node.lhs as Array<[Node, Node]>);
      if (node.value === '[') return compileArray(node.expressions ?? []);
      throw new Unsupported();
    case 'block':
      if (node.expressions?.length !== 1) throw new Unsupported();
      return compileNode(node.expressions[0]!);
    case 'function':
      return compileFunction(node);
    default:
      throw new Unsupported();
  }
}

/** A path of field names, each step's stages filters (a predicate) or a whole index ≥ 0. */
function compilePath(steps: Node[]): Evaluator {
  if (steps.length === 0) throw new Unsupported();
  const compiled = steps.map((step) => {
    checkMembers(step);
    if (step.type !== 'name' || typeof step.value !== 'string') throw new Unsupported();
    const stages = (step.stages ?? []).map(compileStage);
    return { name: step.value, stages };
  });
  return (context) => {
    let value: unknown = context;
    for (const { name, stages } of compiled) {
      // Only an object is stepped into here (a missing field ends the path with nothing, as in JSONata).
      if (Array.isArray(value)) return needsJsonata;
      if (value === null || typeof value !== 'object') return undefined;
      value = Object.prototype.hasOwnProperty.call(value, name)
        ? (value as Record<string, unknown>)[name]
        : undefined;
      if (value === undefined) return undefined;
      if (stages.length === 0) continue;
      // A filter applies to an array's items; over a single value (a sequence of one) it is left to JSONata.
      if (!Array.isArray(value)) return needsJsonata;
      let items: unknown[] = value;
      for (const stage of stages) {
        const kept = stage(items);
        if (kept === needsJsonata) return needsJsonata;
        items = kept;
      }
      if (items.length > 1) return needsJsonata;
      value = items[0];
      if (value === undefined) return undefined;
    }
    // An array at the end may be unwrapped or flattened by JSONata's sequence rules: its answer.
    return Array.isArray(value) ? needsJsonata : value;
  };
}

type Stage = (items: unknown[]) => unknown[] | typeof needsJsonata;

function compileStage(stage: Node): Stage {
  checkMembers(stage);
  if (stage.type !== 'filter' || stage.expr === undefined) throw new Unsupported();
  const expr = stage.expr;
  if (expr.type === 'number') {
    const index = expr.value as number;
    if (!Number.isInteger(index) || index < 0) throw new Unsupported();
    return (items) => (index < items.length ? [items[index]] : []);
  }
  const predicate = compileNode(expr);
  return (items) => {
    const kept: unknown[] = [];
    for (const item of items) {
      // An item that is an array or a primitive has JSONata rules of its own (flattening, `$` as context).
      if (!isPlainObject(item)) return needsJsonata;
      const answer = predicate(item);
      // A number as a predicate's answer is an index in JSONata.
      if (answer === needsJsonata || typeof answer === 'number') return needsJsonata;
      const truth = truthOf(answer);
      if (truth === needsJsonata) return needsJsonata;
      if (truth) kept.push(item);
    }
    return kept;
  };
}

/** `=` and `!=`: false when either side is nothing; objects and arrays (deep equality) are left to JSONata. */
function compileComparison(node: Node): Evaluator {
  const operator = node.value;
  if (operator === 'and' || operator === 'or') return compileLogical(node);
  if (operator !== '=' && operator !== '!=') throw new Unsupported();
  const left = compileNode(node.lhs as Node);
  const right = compileNode(node.rhs as Node);
  return (context) => {
    const a = left(context);
    if (a === needsJsonata || (a !== null && typeof a === 'object')) return needsJsonata;
    const b = right(context);
    if (b === needsJsonata || (b !== null && typeof b === 'object')) return needsJsonata;
    if (a === undefined || b === undefined) return false;
    return operator === '=' ? a === b : a !== b;
  };
}

/** `and` / `or` of two truths (both sides evaluated: either may need JSONata). */
function compileLogical(node: Node): Evaluator {
  const both = node.value === 'and';
  const left = compileNode(node.lhs as Node);
  const right = compileNode(node.rhs as Node);
  return (context) => {
    const a = left(context);
    const aTruth = a === needsJsonata ? needsJsonata : truthOf(a);
    if (aTruth === needsJsonata) return needsJsonata;
    const b = right(context);
    const bTruth = b === needsJsonata ? needsJsonata : truthOf(b);
    if (bTruth === needsJsonata) return needsJsonata;
    return both ? aTruth && bTruth : aTruth || bTruth;
  };
}

function compileCondition(node: Node): Evaluator {
  const condition = compileNode(node.condition as Node);
  const then = compileNode(node.then as Node);
  const otherwise = node.else === undefined ? undefined : compileNode(node.else);
  return (context) => {
    const tested = condition(context);
    if (tested === needsJsonata) return needsJsonata;
    const truth = truthOf(tested);
    if (truth === needsJsonata) return needsJsonata;
    if (truth) return then(context);
    return otherwise === undefined ? undefined : otherwise(context);
  };
}

/** `{"key": expression, …}`: each key whose value is something, in order. */
function compileObject(pairs: Array<[Node, Node]>): Evaluator {
  const members = pairs.map(([key, value]) => {
    if (key.type !== 'string' || typeof key.value !== 'string') throw new Unsupported();
    return [key.value, compileNode(value)] as const;
  });
  // A key twice is an error in JSONata: its message is JSONata's to give.
  if (new Set(members.map(([key]) => key)).size !== members.length) throw new Unsupported();
  return (context) => constructObject(members, context);
}

/** `[expression, …]`: the items that are something; an item that is itself an array (flattened or not) is JSONata's. */
function compileArray(expressions: Node[]): Evaluator {
  const items = expressions.map(compileNode);
  return (context) => {
    const array: unknown[] = [];
    for (const evaluate of items) {
      const value = evaluate(context);
      if (value === needsJsonata || Array.isArray(value)) return needsJsonata;
      if (value !== undefined) array.push(value);
    }
    return array;
  };
}

/** A function call read here: `$exists(x)`, `$append(x, y)`, `$merge(x)`; any other is JSONata's. */
function compileFunction(node: Node): Evaluator {
  const procedure = node.procedure;
  if (node.value !== '(' || procedure?.type !== 'variable') throw new Unsupported();
  checkMembers(procedure);
  const compiled = (node.arguments ?? []).map(compileNode);
  const [first, second] = compiled;
  switch (`${String(procedure.value)}/${compiled.length}`) {
    case 'exists/1':
      return (context) => {
        const value = first!(context);
        return value === needsJsonata ? needsJsonata : value !== undefined;
      };
    case 'append/2':
      return (context) => append(first!(context), second!(context));
    case 'merge/1':
      return (context) => merge(first!(context));
    default:
      throw new Unsupported();
  }
}

/** JSONata's `$append`: either side when the other is nothing, else both as arrays, one after the other. */
function append(first: unknown, second: unknown): unknown {
  if (first === needsJsonata || second === needsJsonata) return needsJsonata;
  if (first === undefined) return second;
  if (second === undefined) return first;
  return (Array.isArray(first) ? first : [first]).concat(Array.isArray(second) ? second : [second]);
}

/**
 * JSONata's `$merge` of an object or an array of objects: their members, later ones replacing earlier ones. Any
 * other argument is an error whose message is JSONata's to give.
 */
function merge(argument: unknown): unknown {
  if (argument === needsJsonata) return needsJsonata;
  if (argument === undefined) return undefined;
  const objects = Array.isArray(argument) ? argument : [argument];
  if (!objects.every(isPlainObject)) return needsJsonata;
  const merged = Object.create(null) as Record<string, unknown>;
  for (const object of objects) for (const key of Object.keys(object)) merged[key] = object[key];
  return merged;
}

/** JSONata's truth of a primitive (`$boolean`); an object or array is left to it. */
function truthOf(value: unknown): boolean | typeof needsJsonata {
  if (value === undefined || value === null) return false;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'string':
      return value.length > 0;
    case 'number':
      return value !== 0;
    default:
      return needsJsonata;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
