import { z } from 'zod';
import type { SyncDirection } from '../report/report-types.js';

export type RunTrigger = 'schedule' | 'manual' | 'callback' | 'retry';
export type RunStatus = 'running' | 'succeeded' | 'failed';

export const runCountsSchema = z.object({
  created: z.number().int().min(0).default(0),
  updated: z.number().int().min(0).default(0),
  linked: z.number().int().min(0).default(0),
  unchanged: z.number().int().min(0).default(0),
  failed: z.number().int().min(0).default(0),
  skipped: z.number().int().min(0).default(0),
  waiting: z.number().int().min(0).default(0),
  ambiguous: z.number().int().min(0).default(0),
});
export type RunCounts = z.output<typeof runCountsSchema>;

export const runStartSchema = z.object({
  instanceId: z.string().min(1),
  module: z.string().min(1),
  direction: z.enum(['push', 'pull']),
  trigger: z.enum(['schedule', 'manual', 'callback', 'retry']),
});
export type RunStart = z.input<typeof runStartSchema>;

export interface SyncRun {
  id: string;
  instanceId: string;
  module: string;
  direction: SyncDirection;
  trigger: RunTrigger;
  startedAt: string;
  finishedAt?: string;
  status: RunStatus;
  counts?: RunCounts;
}
