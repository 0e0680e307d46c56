import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ValidationIssue } from '../../bss/store/index.js';
import { describeIssues, describeZodIssues } from '../../errors/index.js';
import { ConnectWiseConfigError, isConnectWiseError } from '../../connectwise/index.js';
import {
  InstanceNotFoundError,
  InstanceValidationError,
  type InstanceRepository,
  type InstanceSummary,
} from '../../instances/index.js';

/** An answer the connector routes give on purpose: its status, a stable code, a sentence and details. */
export class ConnectorApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ConnectorApiError';
  }

  toJSON(): Record<string, unknown> {
    return { error: this.code, message: this.message, ...this.details };
  }
}

/** A 400 listing every problem of a request body, the way the record routes list them. */
export function validationFailed(issues: readonly ValidationIssue[]): ConnectorApiError {
  return new ConnectorApiError(400, 'validation_failed', describeIssues(issues), { issues });
}

// What an operator typed as a key is never sent back, not even inside an error.
const secretPaths = new Set(['publicKey', 'privateKey']);

/** Parses a request body; every problem (field, rule, message) becomes one issue of a 400. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issues = describeZodIssues(result.error.issues, body, 'this body').map((issue) => {
    if (!secretPaths.has(issue.path)) return issue;
    const { received: _received, ...withoutValue } = issue;
    return withoutValue;
  });
  throw validationFailed(issues);
}

/**
 * The instance a path or query names (its id, or its name as the CLI accepts); a 404 when there is none.
 */
export async function requireInstance(
  instances: InstanceRepository,
  idOrName: string,
): Promise<InstanceSummary> {
  const instance = await instances.get(idOrName);
  if (instance === undefined) throw new InstanceNotFoundError(idOrName);
  return instance;
}

/**
 * The connector routes' errors in the API's shape: domain errors get their status here (an instance rule
 * broken → 400 with issues, no such instance → 404, ConnectWise failing → 502); everything else (a
 * switched-off instance → 409 among them) goes up to the server's own handler, which answers by error kind.
 */
export function registerConnectorErrorReplies(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, _request, reply) => {
    if (error instanceof ConnectorApiError) return reply.status(error.status).send(error.toJSON());
    if (error instanceof InstanceValidationError) {
      return reply.status(400).send(validationFailed(error.issues).toJSON());
    }
    if (error instanceof InstanceNotFoundError) {
      return reply
        .status(404)
        .send({ error: 'not_found', message: `connector instance ${error.idOrName} does not exist` });
    }
    if (error instanceof ConnectWiseConfigError) {
      return reply.status(422).send({
        error: 'invalid_instance_settings',
        message: `the instance's settings cannot reach ConnectWise: ${error.problems.join('; ')}`,
        issues: error.issues,
      });
    }
    if (isConnectWiseError(error)) {
      // describe() names the request and ConnectWise's answer, never the keys.
      return reply.status(502).send({
        error: 'connectwise_failed',
        message: error.describe(),
        connectwise: { kind: error.kind, ...(error.status !== undefined ? { status: error.status } : {}) },
      });
    }
    throw error;
  });
}
