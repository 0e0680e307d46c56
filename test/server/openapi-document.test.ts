import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPI } from 'openapi-types';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { entityNames } from '../../src/bss/records/index.js';
import { useApiServer } from '../support/api-server.js';
import { databaseTargets } from '../support/database.js';

describe.each(databaseTargets().slice(0, 1))('OpenAPI document', (target) => {
  const suite = useApiServer(target);

  async function document(): Promise<OpenAPI.Document & { paths: Record<string, Record<string, unknown>> }> {
    const response = await suite.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  it('is a valid OpenAPI 3 document', async () => {
    const validated = await SwaggerParser.validate(await document());
    expect(validated.info.title).toBe('cwsync BSS records API');
  });

  it('lists every route of every entity and lookup, and the change feed', async () => {
    const { paths } = await document();
    for (const entity of entityNames) {
      expect(Object.keys(paths[`/api/v1/${entity}`] ?? {}).sort()).toEqual(['get', 'post']);
      expect(Object.keys(paths[`/api/v1/${entity}/{id}`] ?? {}).sort()).toEqual([
        'delete',
        'get',
        'patch',
        'put',
      ]);
    }
    expect(Object.keys(paths['/api/v1/changes'] ?? {})).toEqual(['get']);
  });

  it('lists every route the server has under /api/v1 except the docs themselves', async () => {
    const { paths } = await document();
    const documented = new Set(
      Object.entries(paths).flatMap(([path, operations]) =>
        Object.keys(operations).map(
          (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        ),
      ),
    );
    const served = servedRoutes(suite.app.printRoutes({ commonPrefix: false })).filter(
      (route) =>
        route.includes(' /api/v1/') && !/openapi\.json$|\/docs$/.test(route) && !route.startsWith('HEAD'),
    );
    expect(served.length).toBeGreaterThan(entityNames.length * 6);
    for (const route of served) expect(documented).toContain(route);
  });

  it('describes bodies from the zod schemas, with their rules', async () => {
    const { paths } = await document();
    const post = paths['/api/v1/accounts']?.post as {
      requestBody: {
        content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }>;
      };
    };
    const schema = post.requestBody.content['application/json']!.schema;
    expect(schema.required).toContain('name');
    expect(schema.properties.name).toMatchObject({ type: 'string', maxLength: 255 });
    expect(schema.properties.corpEmail).toMatchObject({ format: 'email' });
  });

  it('renders every operation on the reference page from the document', async () => {
    const page = (await suite.app.inject({ method: 'GET', url: '/api/v1/docs' })).body;
    const script = page.split('<script>')[1]!.split('</script>')[0]!;
    const spec = await document();
    const elements: Record<string, { textContent: string; innerHTML: string }> = {
      title: { textContent: '', innerHTML: '' },
      operations: { textContent: '', innerHTML: '' },
    };
    const sandbox = {
      document: { getElementById: (id: string) => elements[id] },
      fetch: async () => ({ json: async () => spec }),
    };
    runInNewContext(script, sandbox);
    // The page renders once its fetch promise chain settles.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const operations = Object.values(spec.paths).flatMap((methods) => Object.keys(methods)).length;
    expect(elements.operations!.innerHTML.match(/<details>/g)).toHaveLength(operations);
    expect(elements.title!.textContent).toContain('cwsync BSS records API');
  });

  it('serves a self-contained reference page', async () => {
    const response = await suite.app.inject({ method: 'GET', url: '/api/v1/docs' });
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('openapi.json');
    expect(response.body).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
  });
});

/** `METHOD /path` for each route of Fastify's printed route tree (children are indented under their parent). */
function servedRoutes(tree: string): string[] {
  const parents: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)$/.exec(line);
    if (match === null) continue;
    const depth = match[1]!.length / 4;
    const path = (parents[depth - 1] ?? '') + match[2]!;
    parents[depth] = path;
    for (const method of match[3]!.split(', ')) routes.push(`${method} ${path}`);
  }
  return routes;
}
