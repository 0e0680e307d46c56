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
    }
  | { outcome: 'skipped'; reason: string }
  | {
      outcome: 'waiting';
      /** `before` dependencies not yet in ConnectWise; `as` is the dependency's name (`parentAccount`) */
      dependencies: Array<{ module: string; recordId: string; as?: string }>;
    }
  | { outcome: 'ambiguous'; candidates: number[]; rule: string }
  | { outcome: 'failed'; failure: SyncFailure };
