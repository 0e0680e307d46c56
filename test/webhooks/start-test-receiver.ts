import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  rawBody: string;
  event: { id: string; type: string; createdAt: string; data: { cursor: string; recordId: string } };
  answeredWith: number;
}

/**
 * A BSS-side webhook receiver on 127.0.0.1: answers with the next status of `script` (then 200 for ever; `hang`
 * never answers) and keeps every request, in arrival order.
 */
export const hang = -1;

export async function startTestReceiver(script: number[] = []) {
  const received: ReceivedRequest[] = [];
  const statuses = [...script];
  const server = createServer((request, response) => {
    let rawBody = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (rawBody += chunk));
    request.on('end', () => {
      const status = statuses.shift() ?? 200;
      received.push({
        headers: request.headers,
        rawBody,
        event: JSON.parse(rawBody) as ReceivedRequest['event'],
        answeredWith: status,
      });
      if (status === hang) return;
      response
        .writeHead(status, { 'content-type': 'text/plain' })
        .end(status >= 300 ? `failed with ${status}` : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/cwsync`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
