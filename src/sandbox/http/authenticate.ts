import type { FastifyRequest } from 'fastify';
import type { SandboxCredentials, SandboxStore } from '../context.js';
import { ensureApiMemberRow, type ApiMember } from './api-members.js';
import { ConnectWiseError } from './connectwise-error.js';

export interface AuthenticatedMember {
  identifier: string;
  id: number | null;
  readOnly: boolean;
}

const guidPattern = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

/**
 * 401 for missing or wrong keys. The body follows what ConnectWise clients report for a failed key check
 * (christaylorcodes/ConnectWiseManageAPI issue #18: code ConnectWiseApi, "UserNotAuthenticated"); no exact
 * capture exists.
 */
function notAuthenticated(): ConnectWiseError {
  return new ConnectWiseError(401, { code: 'ConnectWiseApi', message: 'UserNotAuthenticated' });
}

/**
 * ConnectWise requires a `clientId` GUID on every call since 2019; no captured answer to a missing one exists
 * (ConnectWise's Automate API answers 401, gavsto/AutomateAPI issue #56), so the sandbox answers a CW-shaped
 * 401 that names the header.
 */
function clientIdRejected(): ConnectWiseError {
  return new ConnectWiseError(401, {
    code: 'ConnectWiseApi',
    message: 'A clientId header holding a GUID is required (see developer.connectwise.com/ClientID).',
  });
}

/** "You do not have security permission to perform this action." as ConnectWise answers a role without rights. */
export function permissionDenied(): ConnectWiseError {
  return new ConnectWiseError(403, {
    code: 'Security',
    message: 'You do not have security permission to perform this action.',
  });
}

function readBasicCredentials(header: string | undefined): { login: string; privateKey: string } | undefined {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { login: decoded.slice(0, colon), privateKey: decoded.slice(colon + 1) };
}

/** Checks `Authorization: Basic base64(companyId+publicKey:privateKey)` and the clientId header. */
export function authenticateRequest(
  request: FastifyRequest,
  credentials: SandboxCredentials,
  members: ApiMember[],
  store: SandboxStore,
): AuthenticatedMember {
  const basic = readBasicCredentials(request.headers.authorization);
  if (basic === undefined) throw notAuthenticated();
  const plus = basic.login.indexOf('+');
  const companyId = plus < 0 ? '' : basic.login.slice(0, plus);
  const publicKey = plus < 0 ? '' : basic.login.slice(plus + 1);
  const member = members.find(
    (candidate) => candidate.publicKey === publicKey && candidate.privateKey === basic.privateKey,
  );
  if (member === undefined || companyId.toLowerCase() !== credentials.companyId.toLowerCase())
    throw notAuthenticated();
  const clientId = request.headers.clientid;
  if (typeof clientId !== 'string' || !guidPattern.test(clientId.trim())) throw clientIdRejected();
  const row = ensureApiMemberRow(store, member);
  return {
    identifier: member.identifier,
    id: typeof row.id === 'number' ? row.id : null,
    readOnly: member.readOnly,
  };
}
