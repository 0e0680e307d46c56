/**
 * Encrypts webhook signing secrets at rest. The dispatcher needs the secret itself to sign, so it cannot be
 * hashed; `SecretBox` (src/instances/secret-box.ts, AES-256-GCM keyed by CWSYNC_SECRET_KEY or the data
 * folder's key file) is the implementation `serve` and the CLI pass in.
 */
export interface WebhookSecretSealer {
  seal(plaintext: string): string;
  open(sealed: string): string;
}
