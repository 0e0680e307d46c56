import { describe, expect, it } from 'vitest';
import { type ResumableStep, inSteps, runResumableStep } from '../../../src/engine/index.js';

/** A step over a tiny ledger: `held` is what ConnectWise holds, `calls` what the step did to it. */
function recordStep(
  ledger: { held: Set<string>; calls: string[] },
  id: string,
  options: { failWrite?: boolean; undo?: 'works' | 'fails' } = {},
): ResumableStep<boolean, string> {
  return {
    id,
    resume: async () => {
      ledger.calls.push(`find ${id}`);
      return ledger.held.has(id);
    },
    async write(found) {
      if (found) return id;
      if (options.failWrite) throw new Error(`${id} refused`);
      ledger.calls.push(`create ${id}`);
      ledger.held.add(id);
      return id;
    },
    ...(options.undo
      ? {
          async compensate(result: string) {
            if (options.undo === 'fails') throw new Error(`${result} cannot be removed`);
            ledger.calls.push(`remove ${result}`);
            ledger.held.delete(result);
          },
        }
      : {}),
  };
}

describe('a resumable step', () => {
  it("writes once: a second run finds the first run's result and writes nothing", async () => {
    const ledger = { held: new Set<string>(), calls: [] as string[] };
    expect(await runResumableStep(recordStep(ledger, 'agreement'))).toBe('agreement');
    expect(await runResumableStep(recordStep(ledger, 'agreement'))).toBe('agreement');
    expect(ledger.calls).toEqual(['find agreement', 'create agreement', 'find agreement']);
  });
});

describe('steps of one write (inSteps)', () => {
  it('undoes the steps done, newest first, when a later one fails, and throws that failure as it was', async () => {
    const ledger = { held: new Set<string>(), calls: [] as string[] };
    const failure = inSteps(async (run) => {
      await run(recordStep(ledger, 'first', { undo: 'works' }));
      await run(recordStep(ledger, 'kept')); // no compensation: rolled forward by the next attempt
      await run(recordStep(ledger, 'second', { undo: 'works' }));
      await run(recordStep(ledger, 'third', { failWrite: true, undo: 'works' }));
    });
    await expect(failure).rejects.toThrow('third refused');
    expect(ledger.calls.slice(-2)).toEqual(['remove second', 'remove first']);
    expect([...ledger.held]).toEqual(['kept']);
  });

  it("undoes nothing when every step succeeds, and answers the write's result", async () => {
    const ledger = { held: new Set<string>(), calls: [] as string[] };
    const result = await inSteps(async (run) => {
      const first = await run(recordStep(ledger, 'first', { undo: 'works' }));
      return `${first} then ${await run(recordStep(ledger, 'second', { undo: 'works' }))}`;
    });
    expect(result).toBe('first then second');
    expect([...ledger.held].sort()).toEqual(['first', 'second']);
  });

  it("names both steps when an undo fails too, with the step's failure as the cause", async () => {
    const ledger = { held: new Set<string>(), calls: [] as string[] };
    const failure = await inSteps(async (run) => {
      await run(recordStep(ledger, 'first', { undo: 'fails' }));
      await run(recordStep(ledger, 'second', { failWrite: true }));
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe(
      'the write failed after step "first" (second refused), and undoing "first" failed too: first cannot be removed',
    );
    expect(((failure as Error).cause as Error).message).toBe('second refused');
  });
});
