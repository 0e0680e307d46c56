// Every answer carries the security headers: a Content-Security-Policy that lets the built dashboard and the API
// reference run (their own scripts and styles only, no framing), X-Frame-Options, X-Content-Type-Options.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordStore } from '../../src/bss/store/index.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import { buildServer } from '../../src/server/build-server.js';
import { docsPage } from '../../src/server/openapi/docs-page.js';
import { databaseTargets } from '../support/database.js';

const [target] = databaseTargets();

/** The directives of a Content-Security-Policy header, by name. */
function directivesOf(header: unknown): Map<string, string[]> {
  return new Map(
    String(header)
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('security headers', () => {
  const folder = mkdtempSync(join(tmpdir(), 'cwsync-headers-'));
  let database: DatabaseHandle;
  let app: FastifyInstance;

  beforeAll(async () => {
    mkdirSync(join(folder, 'assets'));
    writeFileSync(
      join(folder, 'index.html'),
      '<!doctype html><script type="module" src="/assets/index.js"></script><div id="root"></div>',
    );
    writeFileSync(join(folder, 'assets', 'index.js'), 'console.log("dashboard")');
    database = await target!.open();
    app = await buildServer({ db: database.db, store: createRecordStore(database.db), dashboardDir: folder });
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('the dashboard may run its own scripts and styles only, and may not be framed or sniffed', async () => {
    for (const url of ['/', '/assets/index.js', '/runs']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      const csp = directivesOf(response.headers['content-security-policy']);
      expect(csp.get('default-src'), url).toEqual(["'self'"]);
      expect(csp.get('script-src'), url).toEqual(["'self'"]);
      expect(csp.get('style-src'), url).toEqual(["'self'"]);
      expect(csp.get('object-src'), url).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), url).toEqual(["'none'"]);
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('API answers carry them too, errors included', async () => {
    for (const url of ['/health', '/api/v1/accounts', '/api/v1/no-such-route']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
    }
  });

  it('the API reference page may run exactly its own inline script and style, by hash', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/docs' });
    expect(response.statusCode).toBe(200);
    const csp = directivesOf(response.headers['content-security-policy']);
    const hash = (tag: string) => {
      const body = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(docsPage)![1]!;
      return `'sha256-${createHash('sha256').update(body).digest('base64')}'`;
    };
    expect(csp.get('script-src')).toEqual(["'self'", hash('script')]);
    expect(csp.get('style-src')).toEqual(["'self'", hash('style')]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(response.headers['x-frame-options']).toBe('DENY');
  });
});
