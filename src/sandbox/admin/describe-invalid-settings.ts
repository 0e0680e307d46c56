import type { z } from 'zod';

/** A ConnectWise-shaped 400 body naming each bad field and its rule. */
export function describeInvalidSettings(resource: string, error: z.ZodError) {
  return {
    code: 'InvalidObject',
    message: `${resource} object is invalid`,
    errors: error.issues.map((issue) => {
      const field = issue.path.length > 0 ? issue.path.join('.') : '(body)';
      return { code: 'InvalidField', message: `${field}: ${issue.message}`, resource, field };
    }),
  };
}
