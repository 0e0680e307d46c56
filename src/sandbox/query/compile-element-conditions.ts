import type { Clause, ConditionNode, FieldPath } from './ast.js';
import type { ValueTest } from './compile-clause.js';
import { compileCondition, type Predicate } from './compile-condition.js';
import { queryLimits } from './query-limits.js';
import { QuerySyntaxError, type QueryParameter } from './query-syntax-error.js';
import { createFieldReader, type FieldReader } from './read-field.js';

/** Where a clause's array is and where its field sits inside one element. */
export interface ElementPaths {
  arrayOf(path: FieldPath): string;
  pathInElement(path: FieldPath): string[];
}

type RecordLike = Record<string, unknown>;
/** the element currently chosen from each array the expression names, by array number */
type Binding = unknown[];

/**
 * Compiles childConditions / customFieldConditions: a record matches when one element of the array
 * satisfies the whole expression, and clauses about the same array are about the same element. With
 * several arrays the expression needs one element of each; `or` and `and` between parts about different
 * arrays are split so that each array is scanned on its own, and only parts that truly mix arrays
 * loop over combinations (at most queryLimits.maxArraysPerChildGroup arrays at once).
 */
export function compileElementConditions(
  root: ConditionNode,
  paths: ElementPaths,
  compileTest: (clause: Clause) => ValueTest,
  parameter: QueryParameter,
): Predicate<RecordLike> {
  const arrayNumbers = new Map<string, number>();
  const arrayReaders: FieldReader[] = [];
  const arraysOfNode = new Map<ConditionNode, Set<number>>();

  const collectArrays = (node: ConditionNode): Set<number> => {
    let arrays: Set<number>;
    if (node.kind === 'clause') {
      const name = paths.arrayOf(node.path);
      const key = name.toLowerCase();
      let number = arrayNumbers.get(key);
      if (number === undefined) {
        number = arrayReaders.length;
        arrayNumbers.set(key, number);
        arrayReaders.push(createFieldReader([name]));
      }
      arrays = new Set([number]);
    } else {
      arrays = new Set(node.children.flatMap((child) => [...collectArrays(child)]));
    }
    arraysOfNode.set(node, arrays);
    return arrays;
  };
  collectArrays(root);

  const compileLeaf = (clause: Clause): Predicate<Binding> => {
    const array = arrayNumbers.get(paths.arrayOf(clause.path).toLowerCase())!;
    const test = compileTest(clause);
    const inElement = paths.pathInElement(clause.path);
    if (inElement.length === 0) return (binding) => test(binding[array]);
    const read = createFieldReader(inElement);
    return (binding) => test(read(binding[array]));
  };

  const scanElements = (node: ConditionNode, arrays: number[]): Predicate<RecordLike> => {
    if (arrays.length > queryLimits.maxArraysPerChildGroup) {
      throw new QuerySyntaxError(
        parameter,
        `One group of clauses names ${arrays.length} different arrays; at most ${queryLimits.maxArraysPerChildGroup} can be combined`,
        firstPosition(node),
      );
    }
    const evaluate = compileCondition(node, compileLeaf);
    const binding: Binding = new Array<unknown>(arrayReaders.length);
    const chooseFrom = (record: RecordLike, level: number): boolean => {
      if (level === arrays.length) return evaluate(binding);
      const array = arrays[level]!;
      for (const element of listElements(arrayReaders[array]!(record))) {
        binding[array] = element;
        if (chooseFrom(record, level + 1)) return true;
      }
      return false;
    };
    return (record) => chooseFrom(record, 0);
  };

  const plan = (node: ConditionNode): Predicate<RecordLike> => {
    const arrays = arraysOfNode.get(node)!;
    if (arrays.size === 1 || node.kind === 'clause') return scanElements(node, [...arrays]);
    const parts =
      node.kind === 'or'
        ? node.children.map(plan) // some element satisfies a or b ⇔ some satisfies a, or some satisfies b
        : groupByArrays(node.children, arraysOfNode).map((group) =>
            group.nodes.length === 1
              ? plan(group.nodes[0]!)
              : scanElements({ kind: 'and', children: group.nodes }, [...group.arrays]),
          );
    return node.kind === 'or'
      ? (record) => parts.some((part) => part(record))
      : (record) => parts.every((part) => part(record));
  };

  return plan(root);
}

/** Splits the operands of an `and` into groups that share no array, so each group is scanned apart. */
function groupByArrays(
  nodes: ConditionNode[],
  arraysOfNode: Map<ConditionNode, Set<number>>,
): Array<{ nodes: ConditionNode[]; arrays: Set<number> }> {
  const groups: Array<{ nodes: ConditionNode[]; arrays: Set<number> }> = [];
  for (const node of nodes) {
    const arrays = new Set(arraysOfNode.get(node));
    const merged = { nodes: [node], arrays };
    for (let index = groups.length - 1; index >= 0; index -= 1) {
      const group = groups[index]!;
      if (![...group.arrays].some((array) => arrays.has(array))) continue;
      merged.nodes.unshift(...group.nodes);
      for (const array of group.arrays) arrays.add(array);
      groups.splice(index, 1);
    }
    groups.push(merged);
  }
  return groups;
}

function listElements(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

function firstPosition(node: ConditionNode): number {
  return node.kind === 'clause' ? node.position : firstPosition(node.children[0]!);
}
