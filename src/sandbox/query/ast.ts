/** A field path as written in the query: `company/identifier` → segments ['company', 'identifier']. */
export interface FieldPath {
  segments: string[];
  text: string;
  position: number;
}

export type Literal =
  | { type: 'string'; value: string; position: number }
  | { type: 'number'; value: number; raw: string; position: number }
  | { type: 'boolean'; value: boolean; position: number }
  | { type: 'null'; position: number }
  | { type: 'datetime'; instant: number; raw: string; position: number };

/** Any value but null, which only `= null` and `!= null` take. */
export type ValueLiteral = Exclude<Literal, { type: 'null' }>;

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Clause =
  | { kind: 'clause'; path: FieldPath; operator: ComparisonOperator; value: Literal; position: number }
  | {
      kind: 'clause';
      path: FieldPath;
      operator: 'like' | 'contains';
      negated: boolean;
      value: Literal;
      position: number;
    }
  | {
      kind: 'clause';
      path: FieldPath;
      operator: 'in';
      negated: boolean;
      values: Literal[];
      position: number;
    };

export interface Junction {
  kind: 'and' | 'or';
  children: ConditionNode[];
}

export type ConditionNode = Clause | Junction;

export interface OrderKey {
  path: FieldPath;
  descending: boolean;
}
