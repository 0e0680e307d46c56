import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { describeInvalidSettings } from '../admin/describe-invalid-settings.js';
import type { SandboxContext, SandboxStore } from '../context.js';
import { findResource, storeKeyOf } from '../registry/index.js';

/**
 * "Keep a different value": a tenant that stores a field otherwise than it was written — a shorter text column
 * (`truncateTo`) or a workflow that sets its own value (`value`). Applied to every write of the resource, the
 * answer to the write included, as ConnectWise answers with what it stored.
 */
const keptValueRuleSchema = z
  .object({
    resource: z
      .string()
      .refine(
        (path) => findResource(path) !== undefined,
        'must be a resource the sandbox serves, e.g. company/companies',
      ),
    field: z.string().min(1, 'must name a top-level field, e.g. name'),
    truncateTo: z.number().int('must be a whole number of characters').min(0).optional(),
    value: z.unknown().optional(),
  })
  .strict()
  .refine((rule) => (rule.truncateTo === undefined) !== (rule.value === undefined), {
    message: 'give either truncateTo (a text kept shorter) or value (a value kept instead), not both',
  });

export const keptValuesSchema = z.object({ rules: z.array(keptValueRuleSchema).max(50) }).strict();
export type KeptValueRule = z.infer<typeof keptValueRuleSchema>;

/**
 * Puts the rules between the API and the store (`context.store` is replaced by a store that applies them on
 * insert and replace), and serves `GET`/`PUT /__sandbox/faults/kept-values` to read and set them; `{"rules": []}`
 * switches the fault off. Registered before the resource routes, which take `context.store` when they are built.
 */
export function registerKeptValues(app: FastifyInstance, context: SandboxContext): void {
  let rules: KeptValueRule[] = [];
  const store = context.store;
  const keep = (resource: string, record: Record<string, unknown>): Record<string, unknown> => {
    const applying = rules.filter((rule) => storeKeyOf(findResource(rule.resource)!) === resource);
    if (applying.length === 0) return record;
    const kept = { ...record };
    for (const rule of applying) {
      if (rule.value !== undefined) kept[rule.field] = rule.value;
      else if (typeof kept[rule.field] === 'string')
        kept[rule.field] = (kept[rule.field] as string).slice(0, rule.truncateTo);
    }
    return kept;
  };
  const keeping: SandboxStore = {
    ...store,
    insert: (resource, record, member, parentId) =>
      store.insert(resource, keep(resource, record), member, parentId),
    replace: (resource, id, record, member) => store.replace(resource, id, keep(resource, record), member),
  };
  context.store = keeping;

  app.get('/__sandbox/faults/kept-values', async () => ({ rules }));
  app.put('/__sandbox/faults/kept-values', async (request, reply) => {
    const parsed = keptValuesSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(describeInvalidSettings('keptValues', parsed.error));
    rules = parsed.data.rules;
    return { rules };
  });
}
