import type { Clause, ConditionNode, Literal } from './ast.js';
import { describeToken, shorten } from './describe-token.js';
import { parseFieldPath } from './parse-field-path.js';
import { queryLimits } from './query-limits.js';
import { QuerySyntaxError, type QueryParameter } from './query-syntax-error.js';
import { tokenizeQuery, type Token } from './tokenize-query.js';

/**
 * Parses a `conditions`-style expression (also childConditions and customFieldConditions) into an AST.
 * Grammar: or := and ("or" and)* ; and := primary ("and" primary)* ; primary := "(" or ")" | clause ;
 * clause := path operator value, where `not` may precede like / contains / in.
 */
export function parseConditions(input: string, parameter: QueryParameter): ConditionNode {
  return new ConditionParser(tokenizeQuery(input, parameter), parameter).parseQuery();
}

/** Words that cannot start a clause, so `a = 1 and or b = 2` is reported where it goes wrong. */
const reservedWords = new Set(['and', 'or', 'not']);

class ConditionParser {
  private index = 0;
  private depth = 0;
  private clauseCount = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly parameter: QueryParameter,
  ) {}

  parseQuery(): ConditionNode {
    const node = this.parseOr();
    const next = this.peek();
    if (next.type === ')') this.fail('Unexpected ")" without a matching "("', next);
    if (next.type !== 'end') this.fail(`Expected "and" or "or"`, next, describeToken(next));
    return node;
  }

  private parseOr(): ConditionNode {
    const children = [this.parseAnd()];
    while (this.peekKeyword('or')) {
      this.index += 1;
      children.push(this.parseAnd());
    }
    return joinChildren('or', children);
  }

  private parseAnd(): ConditionNode {
    const children = [this.parsePrimary()];
    while (this.peekKeyword('and')) {
      this.index += 1;
      children.push(this.parsePrimary());
    }
    return joinChildren('and', children);
  }

  private parsePrimary(): ConditionNode {
    const token = this.next();
    if (token.type === '(') {
      this.depth += 1;
      if (this.depth > queryLimits.maxNestingDepth) {
        this.fail(`Parentheses are nested deeper than ${queryLimits.maxNestingDepth} levels`, token);
      }
      const node = this.parseOr();
      const close = this.next();
      if (close.type !== ')') {
        if (close.type === 'end')
          this.fail(`Missing ")" for the "(" opened at position ${token.position}`, close);
        this.fail(`Expected "and", "or" or ")"`, close, describeToken(close));
      }
      this.depth -= 1;
      return node;
    }
    if (token.type !== 'word' || reservedWords.has(token.text.toLowerCase())) {
      this.fail(`Expected a field name or "("`, token, describeToken(token));
    }
    return this.parseClause(token);
  }

  private parseClause(pathToken: Extract<Token, { type: 'word' }>): Clause {
    this.clauseCount += 1;
    if (this.clauseCount > queryLimits.maxClauses) {
      this.fail(`More than ${queryLimits.maxClauses} clauses`, pathToken);
    }
    const path = parseFieldPath(pathToken.text, pathToken.position, this.parameter);
    const position = pathToken.position;
    const operatorToken = this.next();
    if (operatorToken.type === 'operator') {
      const value = this.parseValue(operatorToken.text);
      if (value.type === 'null' && operatorToken.text !== '=' && operatorToken.text !== '!=') {
        this.fail(`null can only be compared with = or !=`, value);
      }
      return { kind: 'clause', path, operator: operatorToken.text, value, position };
    }
    if (operatorToken.type !== 'word') {
      this.fail(
        `Expected an operator after "${shorten(pathToken.text)}"`,
        operatorToken,
        describeToken(operatorToken),
      );
    }
    let word = operatorToken.text.toLowerCase();
    const negated = word === 'not';
    if (negated) {
      const afterNot = this.next();
      word = afterNot.type === 'word' ? afterNot.text.toLowerCase() : '';
      if (word !== 'like' && word !== 'contains' && word !== 'in') {
        this.fail(`Expected like, contains or in after "not"`, afterNot, describeToken(afterNot));
      }
    }
    if (word === 'like' || word === 'contains') {
      const value = this.parseValue(word);
      if (value.type !== 'string' && value.type !== 'number') {
        this.fail(`"${word}" needs a quoted text value`, value);
      }
      return { kind: 'clause', path, operator: word, negated, value, position };
    }
    if (word === 'in')
      return { kind: 'clause', path, operator: 'in', negated, values: this.parseList(), position };
    return this.fail(`Unknown operator "${shorten(operatorToken.text)}"`, operatorToken);
  }

  private parseList(): Literal[] {
    const open = this.next();
    if (open.type !== '(') this.fail(`Expected "(" after "in"`, open, describeToken(open));
    const values: Literal[] = [];
    for (;;) {
      const value = this.parseValue(values.length === 0 ? '(' : ',');
      if (value.type === 'null') this.fail('null cannot be in an "in" list; use "= null"', value);
      values.push(value);
      if (values.length > queryLimits.maxListItems) {
        this.fail(`The "in" list has more than ${queryLimits.maxListItems} values`, value);
      }
      const separator = this.next();
      if (separator.type === ')') return values;
      if (separator.type !== ',') {
        this.fail(`Expected "," or ")" in the "in" list`, separator, describeToken(separator));
      }
    }
  }

  private parseValue(after: string): Literal {
    const token = this.next();
    switch (token.type) {
      case 'string':
        return { type: 'string', value: token.value, position: token.position };
      case 'number':
        return { type: 'number', value: token.value, raw: token.raw, position: token.position };
      case 'datetime':
        return { type: 'datetime', instant: token.instant, raw: token.raw, position: token.position };
      case 'word': {
        const word = token.text.toLowerCase();
        if (word === 'true' || word === 'false') {
          return { type: 'boolean', value: word === 'true', position: token.position };
        }
        if (word === 'null') return { type: 'null', position: token.position };
        return this.fail(
          `Expected a value after "${after}"`,
          token,
          `"${shorten(token.text)}" (text values need quotes)`,
        );
      }
      default:
        return this.fail(`Expected a value after "${after}"`, token, describeToken(token));
    }
  }

  private peekKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.type === 'word' && token.text.toLowerCase() === keyword;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.type !== 'end') this.index += 1;
    return token;
  }

  private fail(problem: string, at: { position: number }, found?: string): never {
    throw new QuerySyntaxError(this.parameter, problem, at.position, found);
  }
}

/** Flattens `a and (b and c)` into one junction so evaluation depth stays at the parentheses' depth. */
function joinChildren(kind: 'and' | 'or', children: ConditionNode[]): ConditionNode {
  if (children.length === 1) return children[0]!;
  const flat = children.flatMap((child) => (child.kind === kind ? child.children : [child]));
  return { kind, children: flat };
}
