import { describe, expect, it } from 'vitest';
import { databaseUrlOf, loadEnvironment } from '../../src/config/env.js';

describe('the environment', () => {
  it('has defaults for everything', () => {
    const env = loadEnvironment({});
    expect(env).toEqual({
      PORT: 8080,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      CWSYNC_LOG_FORMAT: 'auto',
      CWSYNC_DATA_DIR: './data',
      CWSYNC_SANDBOX: 'on',
      CWSYNC_METRICS_AUTH: 'token',
      CWSYNC_RETAIN_DAYS: 30,
      CWSYNC_RETAIN_RUNS: 10_000,
      CWSYNC_WEBHOOK_ALLOW_PRIVATE_TARGETS: false,
      CWSYNC_WEBHOOK_ALLOWED_CIDRS: [],
    });
    expect(databaseUrlOf(env)).toBe('data/cwsync.db');
  });

  it('reads PORT, DATABASE_URL and the data folder', () => {
    const env = loadEnvironment({
      PORT: '9090',
      DATABASE_URL: 'postgres://db/cwsync',
      CWSYNC_DATA_DIR: '/var/lib/cwsync',
    });
    expect(env.PORT).toBe(9090);
    expect(databaseUrlOf(env)).toBe('postgres://db/cwsync');
    expect(databaseUrlOf(loadEnvironment({ CWSYNC_DATA_DIR: '/var/lib/cwsync' }))).toBe(
      '/var/lib/cwsync/cwsync.db',
    );
  });

  it('reads the webhook target allowances, refusing a malformed range by name', () => {
    const env = loadEnvironment({
      CWSYNC_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      CWSYNC_WEBHOOK_ALLOWED_CIDRS: ' 10.20.0.0/16, fd00::/8 ',
    });
    expect(env.CWSYNC_WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(true);
    expect(env.CWSYNC_WEBHOOK_ALLOWED_CIDRS).toEqual(['10.20.0.0/16', 'fd00::/8']);
    expect(() => loadEnvironment({ CWSYNC_WEBHOOK_ALLOWED_CIDRS: '10.20.0.0/16,intranet' })).toThrow(
      /CWSYNC_WEBHOOK_ALLOWED_CIDRS.*CIDR/,
    );
    expect(() => loadEnvironment({ CWSYNC_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'maybe' })).toThrow(
      /CWSYNC_WEBHOOK_ALLOW_PRIVATE_TARGETS/,
    );
  });

  it('names every bad variable', () => {
    expect(() => loadEnvironment({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(/PORT.*LOG_LEVEL/);
  });
});
