import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurationError,
  ConflictError,
  NotFoundError,
  UnavailableError,
  ValidationError,
  zodProblems,
} from '../../src/errors/index.js';
import { InstanceNotFoundError, InstanceValidationError } from '../../src/instances/index.js';
import { registerErrorReplies } from '../../src/server/error-replies.js';

describe('typed errors', () => {
  it('carry their issues as data: field, rule and message, and read as `field: message`', () => {
    const error = InstanceValidationError.at('name', 'unique', 'an instance named "a" already exists');
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([
      { path: 'name', rule: 'unique', message: 'an instance named "a" already exists' },
    ]);
    expect(error.problems).toEqual(['name: an instance named "a" already exists']);
    expect(error.message).toBe('invalid connector instance: name: an instance named "a" already exists');
    expect(new InstanceNotFoundError('x')).toBeInstanceOf(NotFoundError);
    expect(new InstanceNotFoundError('x').name).toBe('InstanceNotFoundError');
  });

  it('name the rule zod broke, keeping the message the schema wrote', () => {
    const schema = z.object({
      name: z.string().min(1, 'name is required').max(3),
      id: z.string().regex(/^[a-z]+$/, 'lower-case letters only'),
      version: z.enum(['1', '2']),
      count: z.number(),
    });
    const input = { name: 'toolong', id: 'A', version: '3' };
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    const issues = zodProblems(result.error!, 'settings', input);
    expect(issues.map(({ path, rule }) => ({ path, rule }))).toEqual([
      { path: 'name', rule: 'maxLength' },
      { path: 'id', rule: 'pattern' },
      { path: 'version', rule: 'enum' },
      { path: 'count', rule: 'required' },
    ]);
    expect(issues[1]!.message).toBe('lower-case letters only');
  });

  it('become HTTP answers by their class, never by their text', async () => {
    const app = Fastify();
    registerErrorReplies(app);
    const errors: Record<string, Error> = {
      validation: ValidationError.at('limit', 'range', 'must be from 1 to 1000'),
      notFound: new NotFoundError('run 7 does not exist'),
      conflict: new ConflictError('already linked'),
      unavailable: new UnavailableError('ConnectWise is away'),
      configuration: new ConfigurationError('the key is not 32 bytes'),
    };
    for (const [name, error] of Object.entries(errors)) {
      app.get(`/${name}`, () => {
        throw error;
      });
    }
    const answer = async (name: string) => {
      const response = await app.inject({ method: 'GET', url: `/${name}` });
      return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
    };
    expect(await answer('validation')).toEqual({
      status: 400,
      body: {
        error: 'validation_failed',
        message: 'limit: must be from 1 to 1000',
        issues: [{ path: 'limit', rule: 'range', message: 'must be from 1 to 1000' }],
      },
    });
    expect(await answer('notFound')).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'run 7 does not exist' },
    });
    expect((await answer('conflict')).status).toBe(409);
    expect((await answer('unavailable')).status).toBe(503);
    expect((await answer('configuration')).body).toEqual({
      error: 'invalid_configuration',
      message: 'the key is not 32 bytes',
    });
    await app.close();
  });
});
