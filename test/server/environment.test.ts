import { describe, expect, it } from 'vitest';
import { databaseUrlOf, loadEnvironment } from '../../src/config/env.js';

describe('the environment', () => {
  it('has defaults for everything', () => {
    const env = loadEnvironment({});
    expect(env).toEqual({
      PORT: 8080,
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      CWSYNC_LOG_FORMAT: 'auto',
      CWSYNC_DATA_DIR: './data',
      CWSYNC_SANDBOX: 'on',
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

  it('names every bad variable', () => {
    expect(() => loadEnvironment({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(/PORT.*LOG_LEVEL/);
  });
});
