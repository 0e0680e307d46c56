import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.js';

/** "v2025_1/" → "v2025.1"; "v4_6_release/" → "v4.6". */
function versionCodeOf(codebase: string): string {
  const [major = '', minor = ''] = codebase.replace(/\/$/, '').replace(/^v/, '').split('_');
  return `v${major}.${minor}`;
}

/**
 * GET /login/companyinfo/{companyId}: the codebase discovery call clients make before the API (no auth). An
 * unknown company answers 200 with ConnectWise's empty shape rather than an error (the real endpoint does not
 * reveal which companies exist), so clients see no Codebase and fall back to v4_6_release.
 */
export function registerCompanyInfo(app: FastifyInstance, context: SandboxContext): void {
  app.get('/login/companyinfo/:companyId', async (request, reply) => {
    const { companyId } = request.params as { companyId: string };
    reply.type('application/json; charset=utf-8');
    const known = companyId.toLowerCase() === context.credentials.companyId.toLowerCase();
    const codebase = context.options.codebase;
    const versionCode = versionCodeOf(codebase);
    return {
      CompanyName: known ? context.credentials.companyId : null,
      Codebase: known ? codebase : null,
      VersionCode: known ? versionCode : null,
      VersionNumber: known ? versionCode.replace(/^v/, '') + '.0' : null,
      CompanyID: known ? context.credentials.companyId : null,
      IsCloud: false,
      SiteUrl: known ? new URL(context.baseUrl()).host : null,
    };
  });
}
