import type { AxiosInstance } from 'axios';
import { ManageAPI } from 'connectwise-rest';
import type { RunningSandbox } from '../../../src/sandbox/index.js';

export const conformanceClientId = '6f1c8d2e-4b3a-4c5d-9e8f-0a1b2c3d4e5f';

type ManageClient = InstanceType<typeof ManageAPI>;

/**
 * connectwise-rest 1.3.0 always builds `https://{companyUrl}/{entryPoint}/apis/3.0` and has no option for plain
 * HTTP or a port, and every sub-API (CompanyAPI, SystemAPI, …) holds its own axios instance. The sandbox speaks
 * HTTP on loopback, so each of those instances is pointed at the sandbox's API URL after construction; every
 * other part of the client (auth header, clientId, Accept version, paging) stays as published.
 */
export function createConnectwiseRestClient(sandbox: RunningSandbox, apiVersion = '2022.1'): ManageClient {
  const client = new ManageAPI({
    companyId: sandbox.credentials.companyId,
    companyUrl: new URL(sandbox.url).host,
    publicKey: sandbox.credentials.publicKey,
    privateKey: sandbox.credentials.privateKey,
    clientId: conformanceClientId,
    entryPoint: 'v4_6_release',
    apiVersion,
    logger: () => undefined,
  });
  const apis = [
    client,
    ...Object.values(client).filter((value) => value && typeof value === 'object' && 'instance' in value),
  ];
  for (const api of apis) {
    (api as unknown as { instance: AxiosInstance }).instance.defaults.baseURL = sandbox.apiUrl;
  }
  return client;
}

/** connectwise-rest rethrows failures as {status, data, message}. */
export interface ConnectwiseRestError {
  status: number;
  data: unknown;
}

export async function failureOf(promise: Promise<unknown>): Promise<ConnectwiseRestError> {
  try {
    await promise;
  } catch (error) {
    return error as ConnectwiseRestError;
  }
  throw new Error('expected the ConnectWise call to fail');
}
