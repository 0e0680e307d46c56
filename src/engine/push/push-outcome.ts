/** Why a record is not in step, as the connector report shows it. */
export interface SyncFailure {
  /** the field a person must fix, when there is one */
  field?: string;
  message: string;
  /** ConnectWise's own answer, when it refused the write */
  connectwise?: {
    status: number;
    code?: string;
    errors?: Array<{ code?: string; message?: string; field?: string }>;
  };
  retryable: boolean;
}

/** Something the operator should know about a write that went through (the report shows it as a warning). */
export interface SyncWarning {
  field?: string;
  message: string;
}

export type PushOutcome =
  | {
      outcome: 'created' | 'updated' | 'linked' | 'unchanged';
      connectwiseId: number;
      body: Record<string, unknown>;
      /**
       * `after` dependencies not yet in ConnectWise (an account's primary contact): the fields that name them
       * are written once they are, by pushing this record again
       */
      awaiting?: Array<{ module: string; recordId: string }>;
      /** records to push again now that this one is in ConnectWise (a contact flagged primary: its account) */
      pushAgain?: Array<{ module: string; recordId: string }>;
      /** the write went through, but not the usual way (a PUT after a refused PATCH) */
      warnings?: SyncWarning[];
    }
  | { outcome: 'skipped'; reason: string }
  | {
      outcome: 'waiting';
      /** `before` dependencies not yet in ConnectWise; `as` is the dependency's name (`parentAccount`) */
      dependencies: Array<{ module: string; recordId: string; as?: string }>;
    }
  | {
      outcome: 'ambiguous';
      candidates: number[];
      rule: string;
      /** one record found, but it differs where it must not (a company found by name, its identifier another) */
      review?: { field: string; message: string };
    }
  | { outcome: 'failed'; failure: SyncFailure };
