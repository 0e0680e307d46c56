import { z } from 'zod';
import { recordId } from '../bss/records/fields.js';

export const errorBody = z
  .object({
    error: z
      .string()
      .describe('A stable code: validation_failed, unknown_reference, version_conflict, not_found, …'),
    message: z.string().describe('What is wrong and what to change, for a person.'),
    issues: z
      .array(
        z.object({
          path: z.string(),
          rule: z.string(),
          message: z.string(),
          received: z.unknown().optional(),
        }),
      )
      .optional()
      .describe('Every field problem of the request (400).'),
  })
  .catchall(z.unknown());

export const idParams = z.object({ id: recordId });

export const versionHeaders = z.object({
  'if-match': z
    .string()
    .optional()
    .describe('The version you last read (the ETag, e.g. "3"); a stale one is refused with 409.'),
});

export const errorResponses = {
  400: errorBody.describe('Invalid request: every problem is listed in `issues`.'),
  401: errorBody.describe('Missing, unknown or revoked bearer token.'),
  413: errorBody.describe('Body over the size limit.'),
  415: errorBody.describe('Body not sent as JSON.'),
};
