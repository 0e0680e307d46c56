/** Caps that keep a hostile query from hanging or crashing the sandbox; each breach is a QuerySyntaxError. */
export const queryLimits = {
  maxInputLength: 8_000,
  maxNestingDepth: 64,
  maxClauses: 500,
  maxListItems: 1_000,
  maxPathSegments: 16,
  maxOrderByKeys: 32,
  maxFields: 500,
  /** arrays one childConditions group may bind at once; each adds a nested loop over a record's array */
  maxArraysPerChildGroup: 3,
} as const;
