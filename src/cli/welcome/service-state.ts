import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `serve` tells `cwsync status` about itself, in the data folder (never a token). */
export interface ServiceState {
  pid: number;
  /** the API's address as a person opens it (`http://localhost:8080`) */
  url: string;
  dashboard: boolean;
  sandbox?: { apiUrl: string; companyId: string; publicKey: string; privateKey: string };
  startedAt: string;
}

const fileName = 'serve.json';

export function writeServiceState(dataDir: string, state: ServiceState): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, fileName), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function readServiceState(dataDir: string): ServiceState | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, fileName), 'utf8')) as ServiceState;
  } catch {
    return undefined;
  }
}

/** Only the process that wrote it removes it: a second `serve` on the same folder keeps the first one's. */
export function removeServiceState(dataDir: string, pid: number = process.pid): void {
  if (readServiceState(dataDir)?.pid === pid) rmSync(join(dataDir, fileName), { force: true });
}

/** A person opens a wildcard bind as localhost: 0.0.0.0 is not an address a browser can open. */
export function openableUrl(boundUrl: string): string {
  return boundUrl.replace('//0.0.0.0:', '//localhost:').replace('//[::]:', '//localhost:');
}
