import type { Clause, ConditionNode } from './ast.js';

export type Predicate<Scope> = (scope: Scope) => boolean;

/** Turns a condition tree into nested closures once, so matching a record walks no AST. */
export function compileCondition<Scope>(
  node: ConditionNode,
  compileLeaf: (clause: Clause) => Predicate<Scope>,
): Predicate<Scope> {
  if (node.kind === 'clause') return compileLeaf(node);
  const children = node.children.map((child) => compileCondition(child, compileLeaf));
  if (node.kind === 'and') {
    return (scope) => {
      for (const child of children) if (!child(scope)) return false;
      return true;
    };
  }
  return (scope) => {
    for (const child of children) if (child(scope)) return true;
    return false;
  };
}
