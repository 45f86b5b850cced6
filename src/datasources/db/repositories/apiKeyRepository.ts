import { randomUUID } from 'node:crypto';
import { isKeyTierName, type KeyTierName } from '../../../auth/tiers.js';
import type { Database } from '../createDatabase.js';

/** An account (a tenant): keys belong to one. */
export interface AccountRecord {
  id: string;
  name: string;
  tier: KeyTierName;
  createdAt: Date;
}

/** A stored key: never the key itself, only its prefix and hash. */
export interface ApiKeyRecord {
  id: string;
  accountId: string;
  name: string;
  prefix: string;
  hash: string;
  tier: KeyTierName;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface ApiKeyRow {
  id: string;
  account_id: string;
  name: string;
  prefix: string;
  hash: string;
  tier: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY_COLUMNS = 'id, account_id, name, prefix, hash, tier, created_at, last_used_at, revoked_at';

const toDate = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

function toTier(value: string): KeyTierName {
  if (!isKeyTierName(value)) throw new Error(`stored tier ${value} is not a key tier`);
  return value;
}

function toKey(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    prefix: row.prefix,
    hash: row.hash,
    tier: toTier(row.tier),
    createdAt: toDate(row.created_at)!,
    lastUsedAt: toDate(row.last_used_at),
    revokedAt: toDate(row.revoked_at),
  };
}

/** pg answers UPDATE ... RETURNING through TypeORM's query() as [rows, count]; PGlite as rows. */
function rowsOf<T>(result: unknown): T[] {
  const rows = result as unknown[];
  return (Array.isArray(rows[0]) ? rows[0] : rows) as T[];
}

/** Reads and writes accounts and API keys. */
export function createApiKeyRepository(db: Database) {
  const query = async <T>(sql: string, params: unknown[]): Promise<T[]> => rowsOf<T>(await db.dataSource.query(sql, params));
  const findByPrefix = async (prefix: string): Promise<ApiKeyRecord | null> => {
    const rows = await query<ApiKeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE prefix = $1`, [prefix]);
    return rows[0] ? toKey(rows[0]) : null;
  };
  return {
    async createAccount(name: string, tier: KeyTierName): Promise<AccountRecord> {
      const rows = await query<{ id: string; name: string; tier: string; created_at: Date | string }>(
        'INSERT INTO accounts (id, name, tier) VALUES ($1, $2, $3) RETURNING id, name, tier, created_at',
        [randomUUID(), name, tier],
      );
      const row = rows[0]!;
      return { id: row.id, name: row.name, tier: toTier(row.tier), createdAt: toDate(row.created_at)! };
    },
    async getAccount(id: string): Promise<AccountRecord | null> {
      if (!UUID.test(id)) return null;
      const rows = await query<{ id: string; name: string; tier: string; created_at: Date | string }>('SELECT id, name, tier, created_at FROM accounts WHERE id = $1', [id]);
      const row = rows[0];
      return row ? { id: row.id, name: row.name, tier: toTier(row.tier), createdAt: toDate(row.created_at)! } : null;
    },
    /**
     * Inserts a key unless its account already holds `maxActive` unrevoked keys; null when it does. The account row
     * is locked (FOR UPDATE) for the count and the insert, so concurrent issues for one account are serialised.
     */
    async insertKeyWithinCap(key: { accountId: string; name: string; prefix: string; hash: string; tier: KeyTierName }, maxActive: number): Promise<ApiKeyRecord | null> {
      return db.transaction(async (m) => {
        const q = async <T>(sql: string, params: unknown[]): Promise<T[]> => rowsOf<T>(await m.query(sql, params));
        if ((await q('SELECT id FROM accounts WHERE id = $1 FOR UPDATE', [key.accountId])).length === 0) return null;
        const counted = await q<{ n: string | number }>('SELECT count(*) AS n FROM api_keys WHERE account_id = $1 AND revoked_at IS NULL', [key.accountId]);
        if (Number(counted[0]?.n ?? 0) >= maxActive) return null;
        const rows = await q<ApiKeyRow>(
          `INSERT INTO api_keys (id, account_id, name, prefix, hash, tier) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${KEY_COLUMNS}`,
          [randomUUID(), key.accountId, key.name, key.prefix, key.hash, key.tier],
        );
        return toKey(rows[0]!);
      });
    },
    /**
     * In one transaction (account row locked like insertKeyWithinCap): revokes `oldId` if it is still active and
     * inserts its replacement with the same account, name and tier. Null, and nothing written, when `oldId` was
     * already revoked (or missing): of concurrent rotations of one key, exactly one succeeds.
     */
    async replaceKey(oldId: string, replacement: { prefix: string; hash: string }): Promise<ApiKeyRecord | null> {
      return db.transaction(async (m) => {
        const q = async <T>(sql: string, params: unknown[]): Promise<T[]> => rowsOf<T>(await m.query(sql, params));
        const owner = await q<{ account_id: string }>('SELECT account_id FROM api_keys WHERE id = $1', [oldId]);
        if (!owner[0]) return null;
        await q('SELECT id FROM accounts WHERE id = $1 FOR UPDATE', [owner[0].account_id]);
        const revoked = await q<ApiKeyRow>(`UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING ${KEY_COLUMNS}`, [oldId]);
        const old = revoked[0];
        if (!old) return null;
        const rows = await q<ApiKeyRow>(
          `INSERT INTO api_keys (id, account_id, name, prefix, hash, tier) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${KEY_COLUMNS}`,
          [randomUUID(), old.account_id, old.name, replacement.prefix, replacement.hash, old.tier],
        );
        return toKey(rows[0]!);
      });
    },
    findByPrefix,
    /** A key by id or by prefix; null for anything else (no error for a malformed id). */
    async findByIdOrPrefix(idOrPrefix: string): Promise<ApiKeyRecord | null> {
      if (UUID.test(idOrPrefix)) {
        const rows = await query<ApiKeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = $1`, [idOrPrefix.toLowerCase()]);
        return rows[0] ? toKey(rows[0]) : null;
      }
      return findByPrefix(idOrPrefix.toLowerCase());
    },
    /** Keys of one account, oldest first; `accountId` undefined lists every account's keys (admin CLI). */
    async listKeys(accountId?: string): Promise<ApiKeyRecord[]> {
      const rows = accountId === undefined
        ? await query<ApiKeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys ORDER BY created_at, id`, [])
        : await query<ApiKeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE account_id = $1 ORDER BY created_at, id`, [accountId]);
      return rows.map(toKey);
    },
    async countActiveKeys(accountId: string): Promise<number> {
      const rows = await query<{ n: string | number }>('SELECT count(*) AS n FROM api_keys WHERE account_id = $1 AND revoked_at IS NULL', [accountId]);
      return Number(rows[0]?.n ?? 0);
    },
    /** Revokes the key (keeps the first revocation time); returns it, or null when there is no such key. */
    async revoke(id: string): Promise<ApiKeyRecord | null> {
      const rows = await query<ApiKeyRow>(`UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING ${KEY_COLUMNS}`, [id]);
      return rows[0] ? toKey(rows[0]) : null;
    },
    /** Stamps last use unless it was stamped within the last minute (the condition keeps processes from racing). */
    async touch(id: string): Promise<void> {
      await db.dataSource.query(
        "UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')",
        [id],
      );
    },
  };
}

export type ApiKeyRepository = ReturnType<typeof createApiKeyRepository>;
