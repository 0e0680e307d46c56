import { join } from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The environment cwsync reads, parsed once at the edge; the rest of the program trusts these types. */
export const environmentSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  /** pretty: readable lines; json: one JSON object a line; auto: pretty when stdout is a terminal */
  CWSYNC_LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  CWSYNC_DATA_DIR: z.string().min(1).default('./data'),
  /** 32 bytes (64 hex digits or base64) that encrypt secrets at rest; else a key file in the data folder */
  CWSYNC_SECRET_KEY: z.string().min(1).optional(),
  /** the built-in ConnectWise sandbox `serve` runs beside the API: on, or off */
  CWSYNC_SANDBOX: z.enum(['on', 'off']).default('on'),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  /** where ConnectWise reaches this server (https://cwsync.example.com): its callbacks are registered there */
  CWSYNC_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
});

export type Environment = z.infer<typeof environmentSchema>;

export function loadEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const result = environmentSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid environment: ${problems.join('; ')}`);
  }
  return result.data;
}

/** DATABASE_URL when set, otherwise the SQLite file in the data folder. */
export function databaseUrlOf(env: Environment): string {
  return env.DATABASE_URL ?? join(env.CWSYNC_DATA_DIR, 'cwsync.db');
}
