import { z } from 'zod';
import type { FaultSettings } from '../context.js';

export const noFaults: FaultSettings = {
  latencyMs: 0,
  jitterMs: 0,
  rateLimit: null,
  timeoutErrorRate: 0,
  dropConnectionRate: 0,
  lostCreateAnswerRate: 0,
  lostUpdateAnswerRate: 0,
  companyPatchDateTimeError: false,
  callbackKeyNeedsAuth: false,
};

const share = z.number().min(0, 'must be at least 0').max(1, 'must be at most 1 (a share of requests)');
const milliseconds = z.number().int('must be a whole number of milliseconds').min(0).max(120_000);

/** A partial FaultSettings as PUT /__sandbox/faults takes it; `seed` re-seeds the random source. */
export const faultSettingsPatchSchema = z
  .object({
    latencyMs: milliseconds,
    jitterMs: milliseconds,
    rateLimit: z
      .object({
        limit: z.number().int('must be a whole number of calls').min(0),
        windowSeconds: z.number().int('must be a whole number of seconds').min(1).max(86_400),
      })
      .strict()
      .nullable(),
    timeoutErrorRate: share,
    dropConnectionRate: share,
    lostCreateAnswerRate: share,
    lostUpdateAnswerRate: share,
    companyPatchDateTimeError: z.boolean(),
    callbackKeyNeedsAuth: z.boolean(),
    seed: z.number().int('must be an integer').safe(),
  })
  .strict()
  .partial();

export type FaultSettingsPatch = z.infer<typeof faultSettingsPatchSchema>;

export function mergeFaultSettings(current: FaultSettings, patch: Partial<FaultSettings>): FaultSettings {
  return {
    latencyMs: patch.latencyMs ?? current.latencyMs,
    jitterMs: patch.jitterMs ?? current.jitterMs,
    rateLimit: patch.rateLimit === undefined ? current.rateLimit : patch.rateLimit,
    timeoutErrorRate: patch.timeoutErrorRate ?? current.timeoutErrorRate,
    dropConnectionRate: patch.dropConnectionRate ?? current.dropConnectionRate,
    lostCreateAnswerRate: patch.lostCreateAnswerRate ?? current.lostCreateAnswerRate,
    lostUpdateAnswerRate: patch.lostUpdateAnswerRate ?? current.lostUpdateAnswerRate,
    companyPatchDateTimeError: patch.companyPatchDateTimeError ?? current.companyPatchDateTimeError,
    callbackKeyNeedsAuth: patch.callbackKeyNeedsAuth ?? current.callbackKeyNeedsAuth,
  };
}
