import type { FastifyRequest } from 'fastify';
import type { AuthenticatedMember } from './authenticate.js';

const members = new WeakMap<FastifyRequest, AuthenticatedMember>();

export function rememberMember(request: FastifyRequest, member: AuthenticatedMember): void {
  members.set(request, member);
}

export function memberOf(request: FastifyRequest): AuthenticatedMember {
  const member = members.get(request);
  if (member === undefined) throw new Error('The request passed no ConnectWise authentication hook');
  return member;
}
