import { ConfigurationError } from '../errors/index.js';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { PinoPretty } from 'pino-pretty';

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

/** `json`: one JSON object a line, for log shippers; `pretty`: one readable line each, for a person. */
export type LogFormat = 'pretty' | 'json';
export const logFormatSettings = ['auto', 'pretty', 'json'] as const;

/**
 * CWSYNC_LOG_FORMAT: `pretty` or `json`, or `auto` (the default) — pretty when stdout is a terminal, JSON when
 * it is piped (CI, a process manager, a test), so nothing that parses the log sees a change.
 */
export function chooseLogFormat(
  setting: string | undefined = process.env.CWSYNC_LOG_FORMAT,
  stdoutIsTerminal: boolean = process.stdout.isTTY === true,
): LogFormat {
  if (setting === 'pretty' || setting === 'json') return setting;
  if (setting === undefined || setting === '' || setting === 'auto')
    return stdoutIsTerminal ? 'pretty' : 'json';
  throw new ConfigurationError(
    `CWSYNC_LOG_FORMAT: must be ${logFormatSettings.join(', ')}, not "${setting}"`,
  );
}

export interface LogOutput {
  /** default: chooseLogFormat() */
  format?: LogFormat;
  /** where the lines go (default stdout) */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}, output: LogOutput = {}): Logger {
  const loggerOptions: LoggerOptions = {
    level: process.env.LOG_LEVEL ?? 'info',
    redact: { paths: redactedPaths, censor: '[redacted]' },
    ...options,
  };
  const format = output.format ?? chooseLogFormat();
  if (format === 'json') {
    return output.destination ? pino(loggerOptions, output.destination) : pino(loggerOptions);
  }
  const pretty = PinoPretty({
    colorize: output.destination === undefined && process.stdout.isTTY === true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    sync: true,
    ...(output.destination ? { destination: output.destination } : {}),
  });
  return pino(loggerOptions, pretty);
}

export type { Logger };
