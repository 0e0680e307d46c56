/**
 * One write of a multi-step write (an order's lines, a company's type associations, a subscription's agreement),
 * made so that a retry after a crash, a lost answer or a failure half-way neither redoes nor loses what an earlier
 * attempt did. Medusa's workflow steps are the model: a step is its write together with what finds an earlier
 * attempt's work and, where it makes sense, what undoes it.
 */
export interface ResumableStep<Found, Result> {
  /** names the step in a failure to undo it (and in the definition, where a connector registers it as an action) */
  readonly id: string;
  /**
   * What an earlier attempt left: read back from ConnectWise (by matching on what the write puts there) or from
   * the progress the link keeps. Runs before every write, so a step is safe to run again.
   */
  resume(): Promise<Found>;
  /** Writes only what is still missing given what `resume` found; answers the step's result. */
  write(found: Found): Promise<Result>;
  /**
   * Undoes the step's result when a later step of the same write fails. Absent where undoing would lose more
   * than it saves: the next attempt resumes and rolls forward instead (every step cwsync has today).
   */
  compensate?(result: Result): Promise<void>;
}

/** Runs one step: what an earlier attempt left, then the write of the rest. */
export async function runResumableStep<Found, Result>(step: ResumableStep<Found, Result>): Promise<Result> {
  return step.write(await step.resume());
}

/** Runs a step inside `inSteps`; its compensation is remembered until the whole write succeeds. */
export type StepRunner = <Found, Result>(step: ResumableStep<Found, Result>) => Promise<Result>;

/**
 * A write of several resumable steps, each possibly needing the result of the one before. When a step fails,
 * the steps already done that have a compensation are undone, newest first, and the step's failure is thrown
 * as it was (its kind decides whether the job is retried). A compensation that fails too is thrown instead,
 * naming both steps, with the step's failure as its cause: ConnectWise may hold half of the write.
 */
export async function inSteps<T>(write: (run: StepRunner) => Promise<T>): Promise<T> {
  const done: Array<{ id: string; undo: () => Promise<void> }> = [];
  const run: StepRunner = async (step) => {
    const result = await runResumableStep(step);
    const { compensate } = step;
    if (compensate) done.push({ id: step.id, undo: () => compensate.call(step, result) });
    return result;
  };
  try {
    return await write(run);
  } catch (failure) {
    for (const step of done.reverse()) {
      try {
        await step.undo();
      } catch (undoFailure) {
        throw new Error(
          `the write failed after step "${step.id}" (${messageOf(failure)}), and undoing "${step.id}" failed too: ${messageOf(undoFailure)}`,
          { cause: failure },
        );
      }
    }
    throw failure;
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
