import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface ApiTokenSummary {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const tokenPrefix = 'cws_';

/** Only the token's SHA-256 is stored: a random 32-byte token needs no slow hash, and a leaked table leaks nothing. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Makes a token; the plain token is returned once and never stored. */
export async function createApiToken(
  db: Kysely<Database>,
  name: string,
): Promise<{ token: string; summary: ApiTokenSummary }> {
  const token = tokenPrefix + randomBytes(32).toString('base64url');
  const summary: ApiTokenSummary = {
    id: randomUUID(),
    name,
    createdAt: new Date().toISOString(),
    lastUsedAt: null,
    revokedAt: null,
  };
  await db
    .insertInto('api_tokens')
    .values({
      id: summary.id,
      name,
      token_hash: hashApiToken(token),
      created_at: summary.createdAt,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return { token, summary };
}

export async function listApiTokens(db: Kysely<Database>): Promise<ApiTokenSummary[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }));
}

/** Revokes by id or by name; returns how many tokens it revoked. */
export async function revokeApiToken(db: Kysely<Database>, idOrName: string): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date().toISOString() })
    .where((where) => where.or([where('id', '=', idOrName), where('name', '=', idOrName)]))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The live token this plain token is, or undefined. */
export async function findLiveApiToken(
  db: Kysely<Database>,
  token: string,
): Promise<{ id: string; name: string } | undefined> {
  if (!token.startsWith(tokenPrefix) || token.length > 200) return undefined;
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name'])
    .where('token_hash', '=', hashApiToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}
