import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiVersion } from '../../src/sandbox/context.js';
import { findResource, sandboxResources, storeKeyOf } from '../../src/sandbox/registry/index.js';
import type { ResourceDefinition } from '../../src/sandbox/registry/resource-definition.js';
import { fieldsOf } from '../../src/sandbox/spec/field-spec.js';
import { startTestSandbox, type TestSandbox } from './support/sandbox-client.js';

const versions: ApiVersion[] = ['2022.1', '2025.8', '2026.4'];
const readOnly = (definition: ResourceDefinition) => new Set(['id', '_info', ...(definition.readOnly ?? [])]);

/** The collection URL of a resource; a nested one gets a parent row put straight into the store. */
function collectionPath(sandbox: TestSandbox, definition: ResourceDefinition): string {
  if (definition.parent === undefined) return `/${definition.path}`;
  const parent = findResource(definition.parent.resource);
  const parentKey = parent === undefined ? definition.parent.resource : storeKeyOf(parent);
  const row = sandbox.sandbox.context.store.insert(
    parentKey,
    { name: 'Parent', identifier: 'PARENT' },
    'seed',
  );
  return `/${definition.path.replace('{parentId}', String(row.id))}`;
}

function fieldsWithCode(errors: Array<{ code: string; field: string }>, code: string): string[] {
  return errors.filter((error) => error.code === code).map((error) => error.field);
}

for (const apiVersion of versions) {
  describe(`every resource validates against the generated spec of ${apiVersion}`, () => {
    let sandbox: TestSandbox;
    beforeAll(async () => {
      sandbox = await startTestSandbox({ apiVersion });
    });
    afterAll(() => sandbox.stop());

    for (const definition of sandboxResources) {
      it(`${definition.path}: every required field is reported missing, every limit enforced`, async () => {
        const facts = fieldsOf(definition.schema, apiVersion);
        const parentField = definition.parent?.field;
        const skipped = readOnly(definition);
        const required = new Set([
          ...facts
            .filter((fact) => fact.required === true && !skipped.has(fact.name))
            .map((fact) => fact.name),
          ...(definition.serverRequired ?? []),
        ]);
        if (parentField !== undefined) required.delete(parentField);
        const path = collectionPath(sandbox, definition);

        const empty = await sandbox.call('POST', path, { body: {} });
        if (required.size > 0) {
          expect(empty.status).toBe(400);
          expect(empty.body.message).toBe(`${definition.objectName} object is invalid`);
          expect(fieldsWithCode(empty.body.errors, 'MissingRequiredField').sort()).toEqual(
            expect.arrayContaining([...required].sort()),
          );
        } else {
          expect([201, 400]).toContain(empty.status);
        }

        const limited = facts.filter(
          (fact) => fact.type === 'string' && fact.maxLength !== undefined && !skipped.has(fact.name),
        );
        if (limited.length === 0) return;
        const tooLong = Object.fromEntries(
          limited.map((fact) => [fact.name, 'x'.repeat((fact.maxLength ?? 0) + 1)]),
        );
        const answer = await sandbox.call('POST', path, { body: tooLong });
        expect(answer.status).toBe(400);
        expect(fieldsWithCode(answer.body.errors, 'MaxLengthField').sort()).toEqual(
          limited.map((fact) => fact.name).sort(),
        );
      });
    }
  });
}
