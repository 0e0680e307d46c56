import { SecretBox } from '../instances/secret-box.js';
import type { Environment } from './env.js';

/** The one key that seals secrets at rest: CWSYNC_SECRET_KEY, or the key file in the data folder. */
export function openSecrets(env: Environment): Promise<SecretBox> {
  return SecretBox.open({
    ...(env.CWSYNC_SECRET_KEY ? { secretKey: env.CWSYNC_SECRET_KEY } : {}),
    dataDir: env.CWSYNC_DATA_DIR,
  });
}
