import { newId, type Clock, type Executor } from '../support.ts';

export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** Admin bearer tokens, stored only as SHA-256 hashes (hashing happens in the caller). */
export class ApiTokensRepository {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  async create(name: string, tokenHash: string): Promise<ApiToken> {
    const row = {
      id: newId(),
      name,
      token_hash: tokenHash,
      created_at: this.clock().toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.insertInto('api_tokens').values(row).execute();
    return toToken(row);
  }

  /** The live (not revoked) token with this hash; records the use. */
  async useByHash(tokenHash: string): Promise<ApiToken | undefined> {
    const row = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    const now = this.clock().toISOString();
    await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
    return toToken({ ...row, last_used_at: now });
  }

  async list(): Promise<ApiToken[]> {
    const rows = await this.db.selectFrom('api_tokens').selectAll().orderBy('created_at').execute();
    return rows.map(toToken);
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: this.clock().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function toToken(row: {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}): ApiToken {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
