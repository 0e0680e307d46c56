import type { FastifyInstance } from 'fastify';
import type { CallbackDispatcher } from '../callbacks/callback-dispatcher.js';
import type { SandboxContext } from '../context.js';
import type { CallCounter } from '../faults/call-counter.js';
import type { FaultController } from '../faults/fault-controller.js';
import { faultSettingsPatchSchema } from '../faults/fault-settings.js';
import { seedDemoData } from '../seed/index.js';
import { describeInvalidSettings } from './describe-invalid-settings.js';
import { editAsMember, editAsMemberSchema } from './edit-as-member.js';
import { seedCompanyCopies, seedCompanyCopiesSchema } from './seed-company-copies.js';

export interface AdminDependencies {
  context: SandboxContext;
  faults: FaultController;
  calls: CallCounter;
  callbacks: CallbackDispatcher;
}

/** Operator endpoints under /__sandbox/: fault settings, call counts, bulk seeding, reset. No ConnectWise auth (loopback only). */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminDependencies): void {
  const { context, faults, calls, callbacks } = deps;

  app.get('/__sandbox/faults', async () => faults.settings());

  app.put('/__sandbox/faults', async (request, reply) => {
    const parsed = faultSettingsPatchSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(describeInvalidSettings('faultSettings', parsed.error));
    faults.update(parsed.data);
    return faults.settings();
  });

  app.get('/__sandbox/calls', async () => {
    const endpoints = calls.list();
    return { total: endpoints.reduce((sum, endpoint) => sum + endpoint.total, 0), endpoints };
  });

  app.post('/__sandbox/calls/reset', async (_request, reply) => {
    calls.reset();
    return reply.code(204).send();
  });

  // Bulk data for benchmarks: copies of the newest company and its first contact (seed-company-copies.ts).
  app.post('/__sandbox/seed/companies', async (request, reply) => {
    const parsed = seedCompanyCopiesSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(describeInvalidSettings('seed', parsed.error));
    try {
      return seedCompanyCopies(context.store, parsed.data);
    } catch (error) {
      return reply.code(409).send({ code: 'Conflict', message: (error as Error).message });
    }
  });

  // A change made by a person in ConnectWise, not by the API member (edit-as-member.ts).
  app.post('/__sandbox/edit', async (request, reply) => {
    const parsed = editAsMemberSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(describeInvalidSettings('edit', parsed.error));
    const edited = editAsMember(context.store, parsed.data);
    if (edited === undefined) return reply.code(404).send({ code: 'NotFound', message: 'no such record' });
    return edited;
  });

  app.post('/__sandbox/reset', async (_request, reply) => {
    context.store.clear();
    if (context.options.seed === 'demo') seedDemoData(context.store);
    callbacks.forget();
    calls.reset();
    faults.restart();
    return reply.code(204).send();
  });
}
