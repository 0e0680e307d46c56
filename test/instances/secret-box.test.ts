import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/instances/secret-box.js';

describe('SecretBox', () => {
  it('seals so that the plaintext is not in the stored text, and opens it again', () => {
    const box = SecretBox.fromKey(randomBytes(32));
    const sealed = box.seal('sandbox-private');
    expect(sealed).not.toContain('sandbox-private');
    expect(box.seal('sandbox-private')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('sandbox-private');
  });

  it('refuses a tampered secret or another key, without echoing the secret', () => {
    const box = SecretBox.fromKey(randomBytes(32));
    const sealed = box.seal('very-secret');
    const parts = sealed.split(':');
    parts[3] = Buffer.from('tampered!!').toString('base64');
    expect(() => box.open(parts.join(':'))).toThrow(/cannot be decrypted/);
    expect(() => SecretBox.fromKey(randomBytes(32)).open(sealed)).toThrow(/cannot be decrypted/);
  });

  it('takes CWSYNC_SECRET_KEY as hex or base64, and refuses a short one', async () => {
    const key = randomBytes(32);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cwsync-secret-'));
    const fromHex = await SecretBox.open({ secretKey: key.toString('hex'), dataDir });
    const fromBase64 = await SecretBox.open({ secretKey: key.toString('base64'), dataDir });
    expect(fromBase64.open(fromHex.seal('x'))).toBe('x');
    await expect(SecretBox.open({ secretKey: 'short', dataDir })).rejects.toThrow(/must be 32 bytes/);
  });

  it('generates a key file once, readable by its owner only, and reuses it', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cwsync-secret-'));
    const first = await SecretBox.open({ dataDir });
    const second = await SecretBox.open({ dataDir });
    expect(second.open(first.seal('kept'))).toBe('kept');
    const file = path.join(dataDir, 'secret.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toHaveLength(44);
  });
});
