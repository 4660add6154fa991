import { newId, type Clock, type Executor } from '../support.ts';

export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

/** Who changed what, when. Callers put field names and non-secret values in `details`, never credentials. */
export class AuditLogRepository {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const full: AuditEntry = { ...entry, id: newId(), at: this.clock().toISOString() };
    await this.db
      .insertInto('audit_log')
      .values({
        id: full.id,
        at: full.at,
        actor: full.actor,
        action: full.action,
        target_type: full.targetType,
        target_id: full.targetId,
        details: JSON.stringify(full.details),
      })
      .execute();
    return full;
  }

  /** Newest first. */
  async list(opts: {
    limit: number;
    before?: string;
    targetType?: string;
    targetId?: string;
  }): Promise<AuditEntry[]> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (opts.before) q = q.where('at', '<', opts.before);
    if (opts.targetType) q = q.where('target_type', '=', opts.targetType);
    if (opts.targetId) q = q.where('target_id', '=', opts.targetId);
    const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  }
}
