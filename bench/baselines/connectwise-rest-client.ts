// connectwise-rest 1.3.0 as an integrator sets it up. It always builds https://{companyUrl}/{entryPoint}/apis/3.0,
// with no option for plain HTTP or a port, and each sub-API holds its own axios instance: those are pointed at
// the sandbox's API URL after construction. Everything else (auth header, clientId, Accept version) is as
// published.
import type { AxiosInstance } from 'axios';
import { ManageAPI } from 'connectwise-rest';

export type ManageClient = InstanceType<typeof ManageAPI>;

export function connectwiseRest(siteUrl: string): ManageClient {
  const client = new ManageAPI({
    companyId: 'cwsync',
    companyUrl: new URL(siteUrl).host,
    publicKey: 'sandbox-public',
    privateKey: 'sandbox-private',
    clientId: '5b2a9c3e-1d4f-4e6a-8b7c-9d0e1f2a3b4c',
    entryPoint: 'v4_6_release',
    logger: () => undefined,
  });
  const apiUrl = `${siteUrl}/v4_6_release/apis/3.0`;
  for (const api of [client, ...Object.values(client)]) {
    if (api && typeof api === 'object' && 'instance' in api) {
      (api as { instance: AxiosInstance }).instance.defaults.baseURL = apiUrl;
    }
  }
  return client;
}

/** Runs `work` over `items`, `concurrency` at a time, in order of start. */
export async function eachAtOnce<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
