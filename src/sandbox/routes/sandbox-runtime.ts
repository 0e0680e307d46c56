import type { FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.js';
import type { AuthenticatedMember } from '../http/authenticate.js';

/** What every ConnectWise route handler needs besides the request. */
export interface SandboxRuntime {
  context: SandboxContext;
  nextElementId(resource: string, arrayField: string): number;
  /** the member authenticated for this request (set by the API routes' auth hook) */
  memberOf(request: FastifyRequest): AuthenticatedMember;
  /** the API base URL the request came in on, e.g. http://127.0.0.1:4000/v4_6_release/apis/3.0 */
  apiBaseOf(request: FastifyRequest, prefix: string): string;
}
