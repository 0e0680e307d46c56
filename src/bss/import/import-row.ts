/** One problem with one row of an import file: where (line number, field), which rule, and what to fix. */
export interface ImportRowError {
  /** The line number in the file where the row starts (the header is line 1 of a CSV file). */
  row: number;
  /** The record's id when the row gave one, so a person can find it in the BSS too. */
  id?: string;
  /** Dotted path of the field, e.g. `addresses.0.countryCode`; empty when the row as a whole is wrong. */
  field: string;
  /** A short machine name of the rule, e.g. `invalid_type`, `too_small`, `unknown_reference`, `csv_quote`. */
  rule: string;
  message: string;
}

/** A row read from the file: either the record input it carries, or why it could not even be read. */
export type ImportRow =
  | { row: number; input: Record<string, unknown> }
  | { row: number; problems: Array<Omit<ImportRowError, 'row'>> };
