import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiVersion } from '../context.js';

/**
 * ConnectWise declares the schema version in its media type when the client asked for it with
 * `Accept: application/vnd.connectwise.com+json; version=…`; plain JSON clients get application/json.
 */
export function setConnectWiseHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  apiVersion: ApiVersion,
): void {
  const accept = request.headers.accept ?? '';
  const asked = /vnd\.connectwise\.com\+json/i.test(accept);
  reply.header(
    'content-type',
    asked
      ? `application/vnd.connectwise.com+json; version=${apiVersion}; charset=utf-8`
      : 'application/json; charset=utf-8',
  );
  reply.header('api-current-version', apiVersion);
}
