import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CallCounter } from './call-counter.js';
import type { FaultController } from './fault-controller.js';
import { isConnectWiseApiPath } from './is-connectwise-api-path.js';
import { registerCompanyPatchRefusal } from './refuse-company-patch.js';

export const timeoutErrorBody = {
  code: 'ConnectWiseApi',
  message: 'A timeout has occured. Please try again.',
};

const unknownRoute = '(no route)';

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? unknownRoute;
}

/**
 * Injects latency, 429s, 500 timeouts, dropped connections, lost create and update answers and refused company PATCHes into
 * API requests, and counts every API call.
 */
export function registerFaultInjection(
  app: FastifyInstance,
  faults: FaultController,
  calls: CallCounter,
): void {
  const closing = new AbortController();
  /** requests carried out whose answer is to be lost instead of sent */
  const answersToLose = new WeakSet<FastifyRequest>();
  app.addHook('onClose', async () => closing.abort());
  registerCompanyPatchRefusal(app, faults);

  /** Waits out the latency, cut short when the client hangs up or the sandbox stops; false when cut short. */
  async function holdBack(request: FastifyRequest, delayMs: number): Promise<boolean> {
    const hangUp = new AbortController();
    const onClose = () => hangUp.abort();
    request.raw.socket.once('close', onClose);
    try {
      await sleep(delayMs, undefined, { signal: AbortSignal.any([hangUp.signal, closing.signal]) });
      return true;
    } catch {
      return false;
    } finally {
      request.raw.socket.off('close', onClose);
    }
  }

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isConnectWiseApiPath(request.url)) return;
    const plan = faults.plan({
      isCreate: request.method === 'POST',
      isUpdate: request.method === 'PATCH' || request.method === 'PUT',
    });
    if (plan.delayMs > 0 && !(await holdBack(request, plan.delayMs))) {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }

    switch (plan.outcome.kind) {
      case 'answer':
        return;
      case 'rate-limited': {
        const seconds = plan.outcome.retryAfterSeconds;
        return reply
          .code(429)
          .header('Retry-After', String(seconds))
          .send({
            code: 'TooManyRequests',
            message: `Rate limit exceeded. Please retry after ${seconds} seconds.`,
          });
      }
      case 'timeout-error':
        return reply.code(500).send(timeoutErrorBody);
      case 'drop-connection':
        calls.record(request.method, routeOf(request), 'dropped');
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      case 'lose-answer':
        answersToLose.add(request);
        return;
    }
  });

  // ConnectWise stored the write, then the answer was lost on the way: the client cannot know it was made.
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    if (!answersToLose.has(request) || reply.statusCode >= 300) {
      answersToLose.delete(request);
      return payload;
    }
    calls.record(request.method, routeOf(request), 'answer-lost');
    request.raw.socket.destroy();
    return payload;
  });

  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isConnectWiseApiPath(request.url) || answersToLose.has(request)) return;
    calls.record(request.method, routeOf(request), reply.statusCode);
  });
}
