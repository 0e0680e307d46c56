import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Paths pino replaces with "[redacted]" wherever they appear in a log object, so that ConnectWise keys,
 * BSS tokens and webhook secrets never reach a log line even when a whole config or request is logged.
 */
export const redactedPaths = [
  'privateKey',
  'publicKey',
  'password',
  'token',
  'secret',
  'authorization',
  '*.privateKey',
  '*.publicKey',
  '*.password',
  '*.token',
  '*.secret',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.headers.authorization',
  'config.credentials',
];

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino({
    level: process.env.LOG_LEVEL ?? 'info',
    redact: { paths: redactedPaths, censor: '[redacted]' },
    ...options,
  });
}

export type { Logger };
