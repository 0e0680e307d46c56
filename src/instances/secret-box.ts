import { ConfigurationError } from '../errors/index.js';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const version = 'v1';

/**
 * Encrypts ConnectWise keys at rest (AES-256-GCM). The key comes from CWSYNC_SECRET_KEY (32 bytes, base64
 * or hex) or from a key file generated once in the data folder with owner-only permissions.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(key: Buffer): SecretBox {
    if (key.length !== 32) throw new ConfigurationError('The secret key must be 32 bytes (AES-256).');
    return new SecretBox(key);
  }

  /** CWSYNC_SECRET_KEY when set, else `<dataDir>/secret.key`, created on first use. */
  static async open(options: { secretKey?: string; dataDir: string }): Promise<SecretBox> {
    if (options.secretKey) return SecretBox.fromKey(decodeKey(options.secretKey));
    const file = path.join(options.dataDir, 'secret.key');
    try {
      return SecretBox.fromKey(decodeKey((await readFile(file, 'utf8')).trim()));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const key = randomBytes(32);
    await mkdir(options.dataDir, { recursive: true });
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error) => {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    });
    await chmod(file, 0o600);
    return SecretBox.fromKey(decodeKey((await readFile(file, 'utf8')).trim()));
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      version,
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      body.toString('base64'),
    ].join(':');
  }

  open(sealed: string): string {
    const [tag, iv, authTag, body] = sealed.split(':');
    if (tag !== version || !iv || !authTag || body === undefined)
      throw new ConfigurationError('Not a sealed secret.');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(authTag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new ConfigurationError(
        'The secret cannot be decrypted with this key (was CWSYNC_SECRET_KEY changed?).',
      );
    }
  }
}

function decodeKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new ConfigurationError('CWSYNC_SECRET_KEY must be 32 bytes, as 64 hex digits or base64.');
  return key;
}
