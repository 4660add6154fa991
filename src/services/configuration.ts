import {
  ErrorCodes,
  NotFoundError,
  applyEndpointPatch,
  applyFeatureGroupPatch,
  checkFeatureGroupDeletable,
  checkGroupEndpointFound,
  checkSynchronizingMembers,
  parseFeatureGroupInput,
  servicePasswordChange,
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
import { inServiceTransaction, type ServiceScope } from './transaction.ts';

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

/**
 * Feature groups: the synchronization settings and service account many mailboxes share. The rules
 * are the domain's (`feature-group-rules.ts`), fed with the endpoint and member mailboxes looked up here.
 */
export class FeatureGroupService {
  constructor(private readonly store: Store) {}

  list(): Promise<FeatureGroup[]> {
    return this.store.featureGroups.list();
  }
  get(id: string): Promise<FeatureGroup> {
    return this.store.featureGroups.get(id);
  }

  async create(input: FeatureGroupInput): Promise<FeatureGroup> {
    const draft = parseFeatureGroupInput(input);
    return inServiceTransaction(this.store, async (s) => {
      await groupEndpoint(s, draft.sync.endpointId);
      const id = await s.featureGroups.insert(draft);
      const created = await s.featureGroups.get(id);
      s.recordChange({
        kind: 'feature_group.changed',
        mailboxId: null,
        entityId: id,
        data: { created: true },
      });
      return created;
    });
  }

  /**
   * A change that would leave one of the group's synchronizing mailboxes without an endpoint or
   * credentials is refused, naming the mailboxes.
   */
  update(id: string, patch: unknown): Promise<FeatureGroup> {
    return inServiceTransaction(this.store, async (s) => {
      await s.featureGroups.lock(id);
      const draft = applyFeatureGroupPatch(await s.featureGroups.get(id), patch);
      const endpoint = await groupEndpoint(s, draft.sync.endpointId);
      await s.featureGroups.update(id, draft, servicePasswordChange(draft));
      const updated = await s.featureGroups.get(id);
      checkSynchronizingMembers(updated, endpoint, await s.featureGroups.synchronizingMailboxes(id));
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
      const group = await s.featureGroups.get(id);
      checkFeatureGroupDeletable(group, await s.featureGroups.mailboxCount(id));
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

/** The endpoint a group names, checked (it exists and a connector serves it); null when it names none. */
async function groupEndpoint(s: ServiceScope, endpointId: string | null): Promise<Endpoint | null> {
  return checkGroupEndpointFound(endpointId, endpointId === null ? null : await s.endpoints.find(endpointId));
}

export { MailboxService } from './mailboxes.ts';
