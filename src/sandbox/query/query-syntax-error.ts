/** Which query parameter of a ConnectWise list request an expression came from. */
export type QueryParameter =
  'conditions' | 'childConditions' | 'customFieldConditions' | 'orderBy' | 'fields';

/**
 * A query parameter the sandbox must reject with 400: says what is wrong, where (0-based character offset,
 * as JSON.parse reports it) and in which parameter.
 */
export class QuerySyntaxError extends Error {
  override readonly name = 'QuerySyntaxError';
  readonly parameter: QueryParameter;
  readonly position?: number;
  /** the message without the position and parameter suffix */
  readonly problem: string;

  /** `found` names what stood where something else was expected, e.g. `the end of the input` */
  constructor(parameter: QueryParameter, problem: string, position?: number, found?: string) {
    const where = position === undefined ? '' : ` at position ${position}`;
    super(`${problem}${where} in ${parameter}${found === undefined ? '' : `; found ${found}`}`);
    this.parameter = parameter;
    this.position = position;
    this.problem = problem;
  }
}
