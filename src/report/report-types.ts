import { z } from 'zod';
import type { SyncFailure, WriteDifference } from '../engine/index.js';

export type SyncDirection = 'push' | 'pull';
/**
 * `warning`: in step, but ConnectWise kept a value differently from what cwsync sent, or cwsync had to write it an
 * unusual way the operator should know of; `review`: waits for a person
 */
export type ReportOutcome = 'failed' | 'waiting' | 'ambiguous' | 'conflict' | 'warning' | 'review';

/** One record not in step, as the connector report shows it. */
export interface ReportEntry {
  instanceId: string;
  module: string;
  recordId: string;
  direction: SyncDirection;
  /** what the engine was doing: create, update, link, sync, … */
  action: string;
  outcome: ReportOutcome;
  field?: string;
  message: string;
  connectwise?: SyncFailure['connectwise'];
  /** the records an ambiguous match could mean (ConnectWise ids on push, BSS ids on pull) */
  candidates?: Array<number | string>;
  /** a warning's values: per field, what cwsync sent and what ConnectWise kept */
  differences?: WriteDifference[];
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
}

export interface ReportKey {
  instanceId: string;
  module: string;
  recordId: string;
  direction: SyncDirection;
}

export const directionSchema = z.enum(['push', 'pull']);

export const reportFilterSchema = z.object({
  instanceId: z.string().min(1).optional(),
  module: z.string().min(1).optional(),
  direction: directionSchema.optional(),
  /** matched, case-insensitively, against the message, the field and the record id */
  text: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  /** the `next` cursor of the previous page */
  after: z.string().min(1).optional(),
});
export type ReportFilter = z.input<typeof reportFilterSchema>;

export interface ReportPage {
  entries: ReportEntry[];
  /** pass as `after` for the next page; absent on the last page */
  next?: string;
}

// The run log's types are src/runs/'s; the report's callers have always found them here.
export {
  runCountsSchema,
  runStartSchema,
  type RunCounts,
  type RunStart,
  type RunStatus,
  type RunTrigger,
  type SyncRun,
} from '../runs/run-types.js';
