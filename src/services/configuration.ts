import {
  ErrorCodes,
  NotFoundError,
  applyEndpointPatch,
  checkEndpointDeletable,
  fingerprintKey,
  parseEndpointInput,
  parseTrustedCertificate,
  type Endpoint,
  type EndpointInput,
  type FeatureGroup,
  type FeatureGroupInput,
  type TrustedCertificateInput,
} from '../domain/index.ts';
import type { Store } from '../store/index.ts';
import { inServiceTransaction } from './transaction.ts';

/** Field names of a patch, for the change record (never the values: a patch may hold a password or PIN). */
function fieldsOf(patch: unknown): string[] {
  return typeof patch === 'object' && patch !== null ? Object.keys(patch) : [];
}

/**
 * Mail server endpoints: create, change, delete, trust and untrust certificates. The rules are the
 * domain's (input parsing, `checkEndpointDeletable`); the repository only reads and writes rows.
 */
export class EndpointService {
  constructor(private readonly store: Store) {}

  list(): Promise<Endpoint[]> {
    return this.store.endpoints.list();
  }
  get(id: string): Promise<Endpoint> {
    return this.store.endpoints.get(id);
  }

  async create(input: EndpointInput): Promise<Endpoint> {
    const draft = parseEndpointInput(input);
    return inServiceTransaction(this.store, async (s) => {
      const id = await s.endpoints.insert(draft);
      const created = await s.endpoints.get(id);
      s.recordChange({ kind: 'endpoint.changed', mailboxId: null, entityId: id, data: { created: true } });
      return created;
    });
  }

  update(id: string, patch: unknown): Promise<Endpoint> {
    return inServiceTransaction(this.store, async (s) => {
      // Apply the patch to the locked, current row so a concurrent change is never undone.
      await s.endpoints.lock(id);
      const draft = applyEndpointPatch(await s.endpoints.get(id), patch);
      await s.endpoints.update(id, draft);
      const updated = await s.endpoints.get(id);
      s.recordChange({
        kind: 'endpoint.changed',
        mailboxId: null,
        entityId: id,
        data: { fields: fieldsOf(patch) },
      });
      return updated;
    });
  }

  delete(id: string): Promise<void> {
    return inServiceTransaction(this.store, async (s) => {
      await s.endpoints.get(id);
      checkEndpointDeletable(await s.endpoints.featureGroupsUsing(id));
      await s.endpoints.delete(id);
      s.recordChange({ kind: 'endpoint.changed', mailboxId: null, entityId: id, data: { deleted: true } });
    });
  }

  async trustCertificate(id: string, input: TrustedCertificateInput): Promise<Endpoint> {
    const cert = parseTrustedCertificate(input);
    return inServiceTransaction(this.store, async (s) => {
      await s.endpoints.get(id);
      await s.endpoints.addCertificate(id, cert);
      const updated = await s.endpoints.get(id);
      s.recordChange({
        kind: 'endpoint.changed',
        mailboxId: null,
        entityId: id,
        data: { fields: ['trustedCertificates'] },
      });
      return updated;
    });
  }

  untrustCertificate(id: string, fingerprint: string): Promise<Endpoint> {
    return inServiceTransaction(this.store, async (s) => {
      await s.endpoints.get(id);
      if (!(await s.endpoints.removeCertificate(id, fingerprintKey(fingerprint)))) {
        throw new NotFoundError(
          ErrorCodes.certificateFingerprintInvalid,
          'This endpoint does not trust a certificate with that fingerprint.',
          'fingerprint',
        );
      }
      const updated = await s.endpoints.get(id);
      s.recordChange({
        kind: 'endpoint.changed',
        mailboxId: null,
        entityId: id,
        data: { fields: ['trustedCertificates'] },
      });
      return updated;
    });
  }
}

/** Feature groups: the synchronization settings and service account many mailboxes share. */
export class FeatureGroupService {
  constructor(private readonly store: Store) {}

  list(): Promise<FeatureGroup[]> {
    return this.store.featureGroups.list();
  }
  get(id: string): Promise<FeatureGroup> {
    return this.store.featureGroups.get(id);
  }

  create(input: FeatureGroupInput): Promise<FeatureGroup> {
    return inServiceTransaction(this.store, async (s) => {
      const created = await s.featureGroups.create(input);
      s.recordChange({
        kind: 'feature_group.changed',
        mailboxId: null,
        entityId: created.id,
        data: { created: true },
      });
      return created;
    });
  }

  update(id: string, patch: unknown): Promise<FeatureGroup> {
    return inServiceTransaction(this.store, async (s) => {
      const updated = await s.featureGroups.update(id, patch);
      s.recordChange({
        kind: 'feature_group.changed',
        mailboxId: null,
        entityId: id,
        data: { fields: fieldsOf(patch) },
      });
      return updated;
    });
  }

  delete(id: string): Promise<void> {
    return inServiceTransaction(this.store, async (s) => {
      await s.featureGroups.delete(id);
      s.recordChange({
        kind: 'feature_group.changed',
        mailboxId: null,
        entityId: id,
        data: { deleted: true },
      });
    });
  }
}

export { MailboxService } from './mailboxes.ts';
