import { z } from 'zod';

const progressSchema = z.object({
  module: z.string().describe('The module in hand.'),
  done: z.number().describe('Its linked records looked at.'),
  total: z.number().describe('Its linked records.'),
});

const fieldDriftSchema = z.object({
  field: z.string().describe('The ConnectWise field the push mapping writes.'),
  kind: z
    .enum(['bss', 'connectwise', 'both'])
    .describe(
      'Which side changed since the last sync, by the link’s snapshot: the BSS, ConnectWise, or both.',
    ),
  bss: z.unknown().describe('The BSS side, mapped as the push would write it.'),
  connectwise: z.unknown().describe('What ConnectWise holds now.'),
  lastSynced: z.unknown().describe('What the link keeps of the last sync.'),
});

const recordDriftSchema = z.object({
  module: z.string(),
  recordId: z.string().describe('The BSS id.'),
  connectwiseId: z.number(),
  missing: z
    .enum(['connectwise', 'bss'])
    .optional()
    .describe('The side whose record is gone although the link remains.'),
  fields: z.array(fieldDriftSchema),
  canPush: z.boolean().describe('Push this side (BSS → ConnectWise) can resolve it.'),
  canPull: z.boolean().describe('Pull that side (ConnectWise → BSS) can resolve it.'),
});

const resultSchema = z.object({
  instanceId: z.string(),
  modules: z.array(
    z.object({
      module: z.string(),
      linked: z.number(),
      inStep: z.number(),
      drifted: z.number(),
      notCompared: z.number(),
    }),
  ),
  drift: z.array(recordDriftSchema),
  groups: z.array(
    z.object({
      key: z.string().describe('Pass it as `group` to …/resolve.'),
      module: z.string(),
      field: z.string().optional(),
      kind: z.enum(['bss', 'connectwise', 'both', 'missing-in-connectwise', 'missing-in-bss']),
      count: z.number(),
      recordIds: z.array(z.string()),
    }),
  ),
  notCompared: z.array(
    z.object({ module: z.string(), recordId: z.string(), connectwiseId: z.number(), reason: z.string() }),
  ),
  connectwiseRequests: z.number().describe('ConnectWise requests made meanwhile by this instance’s client.'),
});

export const reconcileRunSchema = z.object({
  id: z.string(),
  instanceId: z.string(),
  modules: z.array(z.string()).optional(),
  status: z.enum(['running', 'finished', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  progress: progressSchema.optional(),
  result: resultSchema.optional().describe('Once finished.'),
  error: z.string().optional().describe('Once failed: why.'),
});
