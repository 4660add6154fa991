import type {
  Endpoint,
  EndpointInput,
  FeatureGroup,
  FeatureGroupInput,
  TrustedCertificateInput,
} from '../domain/index.ts';
import type { Store } from '../store/index.ts';
import { inServiceTransaction } from './transaction.ts';

/** Field names of a patch, for the change record (never the values: a patch may hold a password or PIN). */
function fieldsOf(patch: unknown): string[] {
  return typeof patch === 'object' && patch !== null ? Object.keys(patch) : [];
}

/** Mail server endpoints: create, change, delete, trust and untrust certificates. */
export class EndpointService {
  constructor(private readonly store: Store) {}

  list(): Promise<Endpoint[]> {
    return this.store.endpoints.list();
  }
  get(id: string): Promise<Endpoint> {
    return this.store.endpoints.get(id);
  }

  create(input: EndpointInput): Promise<Endpoint> {
    return inServiceTransaction(this.store, async (s) => {
      const created = await s.endpoints.create(input);
      s.recordChange({
        kind: 'endpoint.changed',
        mailboxId: null,
        entityId: created.id,
        data: { created: true },
      });
      return created;
    });
  }

  update(id: string, patch: unknown): Promise<Endpoint> {
    return inServiceTransaction(this.store, async (s) => {
      const updated = await s.endpoints.update(id, patch);
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
      await s.endpoints.delete(id);
      s.recordChange({ kind: 'endpoint.changed', mailboxId: null, entityId: id, data: { deleted: true } });
    });
  }

  trustCertificate(id: string, input: TrustedCertificateInput): Promise<Endpoint> {
    return inServiceTransaction(this.store, async (s) => {
      const updated = await s.endpoints.trustCertificate(id, input);
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
      const updated = await s.endpoints.untrustCertificate(id, fingerprint);
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
