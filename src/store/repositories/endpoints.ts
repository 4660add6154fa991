import type { Selectable } from 'kysely';
import {
  ConflictError,
  ErrorCodes,
  NotFoundError,
  connectorAvailable,
  type Endpoint,
  type EndpointDraft,
  type TrustedCertificate,
  type TrustedCertificateDraft,
} from '../../domain/index.ts';
import type { EndpointCertificatesTable, EndpointsTable } from '../schema.ts';
import { fromBool, lockRow, newId, toBool, uniqueViolation, type Clock, type Executor } from '../support.ts';

type Row = Selectable<EndpointsTable>;
type CertRow = Selectable<EndpointCertificatesTable>;

/** Mail server endpoints and the certificates trusted for each. */
export class EndpointRepository {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<Endpoint[]> {
    const rows = await this.db.selectFrom('endpoints').selectAll().orderBy('name_key').execute();
    const certs = await this.db.selectFrom('endpoint_certificates').selectAll().orderBy('added_at').execute();
    return rows.map((r) =>
      toEndpoint(
        r,
        certs.filter((c) => c.endpoint_id === r.id),
      ),
    );
  }

  async find(id: string): Promise<Endpoint | null> {
    const row = await this.db.selectFrom('endpoints').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toEndpoint(row, await this.certificates(id)) : null;
  }

  async findByName(name: string): Promise<Endpoint | null> {
    const row = await this.db
      .selectFrom('endpoints')
      .select('id')
      .where('name_key', '=', nameKey(name))
      .executeTakeFirst();
    return row ? this.find(row.id) : null;
  }

  async get(id: string): Promise<Endpoint> {
    const e = await this.find(id);
    if (!e) throw new NotFoundError(ErrorCodes.endpointNotFound, `There is no endpoint with id "${id}".`);
    return e;
  }

  /** Takes the endpoint's row lock for the rest of the transaction; false when it does not exist. */
  lock(id: string): Promise<boolean> {
    return lockRow(this.db, 'endpoints', id);
  }

  /** Stores a new, already-validated endpoint with its trusted certificates; returns its id. */
  async insert(draft: EndpointDraft): Promise<string> {
    const id = newId();
    const now = this.clock().toISOString();
    await guardUnique(draft.name, () =>
      this.db
        .insertInto('endpoints')
        .values({ id, ...columns(draft), demo: fromBool(draft.demo), created_at: now, updated_at: now })
        .execute(),
    );
    await this.replaceCertificates(id, draft, now);
    return id;
  }

  /** Overwrites an endpoint and its trusted certificates with already-validated values. */
  async update(id: string, draft: EndpointDraft): Promise<void> {
    const now = this.clock().toISOString();
    await guardUnique(draft.name, () =>
      this.db
        .updateTable('endpoints')
        .set({ ...columns(draft), updated_at: now })
        .where('id', '=', id)
        .execute(),
    );
    await this.replaceCertificates(id, draft, now);
  }

  /** Names of the feature groups that use the endpoint. */
  async featureGroupsUsing(id: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('feature_groups')
      .select('name')
      .where('endpoint_id', '=', id)
      .execute();
    return rows.map((r) => r.name);
  }

  /** Deletes the row (and its certificates); false when it did not exist. */
  async delete(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('endpoints').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** Trusts one more certificate for the endpoint; idempotent for the same fingerprint. */
  async addCertificate(id: string, cert: TrustedCertificateDraft): Promise<void> {
    const now = this.clock().toISOString();
    await this.db
      .insertInto('endpoint_certificates')
      .values({ endpoint_id: id, ...cert, added_at: now })
      .onConflict((oc) =>
        oc.columns(['endpoint_id', 'fingerprint']).doUpdateSet({ pem: cert.pem, label: cert.label }),
      )
      .execute();
    await this.db.updateTable('endpoints').set({ updated_at: now }).where('id', '=', id).execute();
  }

  /** Stops trusting a certificate (by stored fingerprint); false when the endpoint did not trust it. */
  async removeCertificate(id: string, fingerprint: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom('endpoint_certificates')
      .where('endpoint_id', '=', id)
      .where('fingerprint', '=', fingerprint)
      .executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) return false;
    await this.db
      .updateTable('endpoints')
      .set({ updated_at: this.clock().toISOString() })
      .where('id', '=', id)
      .execute();
    return true;
  }

  private async certificates(id: string): Promise<CertRow[]> {
    return this.db
      .selectFrom('endpoint_certificates')
      .selectAll()
      .where('endpoint_id', '=', id)
      .orderBy('added_at')
      .orderBy('fingerprint')
      .execute();
  }

  private async replaceCertificates(id: string, draft: EndpointDraft, now: string): Promise<void> {
    const existing = new Map((await this.certificates(id)).map((c) => [c.fingerprint, c]));
    await this.db.deleteFrom('endpoint_certificates').where('endpoint_id', '=', id).execute();
    if (draft.trustedCertificates.length === 0) return;
    await this.db
      .insertInto('endpoint_certificates')
      .values(
        draft.trustedCertificates.map((c) => ({
          endpoint_id: id,
          fingerprint: c.fingerprint,
          pem: c.pem,
          label: c.label,
          // Keep the original trust date of a certificate that stays trusted.
          added_at: existing.get(c.fingerprint)?.added_at ?? now,
        })),
      )
      .execute();
  }
}

function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

function columns(d: EndpointDraft) {
  return {
    name: d.name,
    name_key: nameKey(d.name),
    address: d.address.trim(),
    kind: d.parsed.kind,
    url: d.parsed.kind === 'ews' ? d.parsed.url : null,
    port: d.port,
    voice_format: d.voiceFormat,
    auth_method: d.authMethod,
    exchange_version: d.exchangeVersion,
  };
}

async function guardUnique(name: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (uniqueViolation(err) === 'endpoints.name_key') {
      throw new ConflictError(
        ErrorCodes.endpointNameTaken,
        'name',
        `An endpoint named "${name}" already exists.`,
      );
    }
    throw err;
  }
}

function toEndpoint(r: Row, certs: readonly CertRow[]): Endpoint {
  const kind = r.kind;
  const trustedCertificates: TrustedCertificate[] = certs.map((c) => ({
    fingerprint: c.fingerprint,
    pem: c.pem,
    label: c.label,
    addedAt: c.added_at,
  }));
  return {
    id: r.id,
    name: r.name,
    address: r.address,
    kind,
    url: r.url,
    port: r.port,
    voiceFormat: r.voice_format,
    authMethod: r.auth_method,
    exchangeVersion: r.exchange_version,
    trustedCertificates,
    connectorAvailable: connectorAvailable(kind),
    demo: toBool(r.demo),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
