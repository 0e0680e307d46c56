import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ConnectWiseError } from '../http/connectwise-error.js';
import type { FaultController } from './fault-controller.js';

/**
 * ConnectWise's answer to every company PATCH on a tenant whose stored company data its PATCH cannot re-read (a
 * Date custom field left null): seen live whatever field was patched (GitHub Mwbergamo/SolutionsHub,
 * register/api/customers.php, "probe-patch-format"). Only the message was recorded; the code is the one
 * ConnectWise gives errors its API layer does not classify, as for its timeout answer.
 */
export function patchDateTimeError(): ConnectWiseError {
  return new ConnectWiseError(400, {
    code: 'ConnectWiseApi',
    message: 'String was not recognized as a valid DateTime.',
  });
}

const companyRecordPath = /\/apis\/3\.0\/company\/companies\/\d+\/?(?:\?|$)/i;

function isCompanyPatch(request: FastifyRequest): boolean {
  return request.method === 'PATCH' && companyRecordPath.test(request.url);
}

/** With `companyPatchDateTimeError` on, a company PATCH is refused as such a tenant refuses it; a PUT still works. */
export function registerCompanyPatchRefusal(app: FastifyInstance, faults: FaultController): void {
  app.addHook('preHandler', async (request) => {
    if (faults.settings().companyPatchDateTimeError && isCompanyPatch(request)) throw patchDateTimeError();
  });
}
