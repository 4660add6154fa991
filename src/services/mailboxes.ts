import {
  featureGroupAfter,
  parseMailboxInput,
  parseMailboxPatch,
  planMailboxCreate,
  planMailboxUpdate,
  type Mailbox,
  type MailboxContext,
  type MailboxDraft,
  type MailboxInput,
} from '../domain/index.ts';
import { hashPin } from '../secrets/index.ts';
import type { MailboxRow, Store } from '../store/index.ts';
import { inServiceTransaction, type ServiceScope } from './transaction.ts';

/** Field names of a patch, for the change record (never the values: a patch may hold a password or PIN). */
function fieldsOf(patch: unknown): string[] {
  return typeof patch === 'object' && patch !== null ? Object.keys(patch) : [];
}

/**
 * Voice mailboxes: create, change (including PIN and own Exchange credentials), delete. The rules are
 * the domain's (`planMailboxCreate` / `planMailboxUpdate`); this service looks up the facts they need,
 * hashes the PIN and writes the result in one transaction.
 */
export class MailboxService {
  constructor(private readonly store: Store) {}

  get(id: string): Promise<Mailbox> {
    return this.store.mailboxes.get(id);
  }

  async create(input: MailboxInput): Promise<Mailbox> {
    const draft = parseMailboxInput(input);
    // scrypt is slow by design: hash before the transaction so the connection is not held meanwhile
    // (SQLite has only one).
    const pinHash = draft.pin ? await hashPin(draft.pin) : null;
    return inServiceTransaction(this.store, async (s) => {
      planMailboxCreate(draft, await groupFacts(s, draft.featureGroupId));
      const id = await s.mailboxes.insert({
        ...rowOf(draft),
        demo: draft.demo,
        exchangePassword: draft.exchangePassword ?? null,
        pinHash,
      });
      const created = await s.mailboxes.get(id);
      s.recordChange({ kind: 'mailbox.changed', mailboxId: id, entityId: id, data: { created: true } });
      return created;
    });
  }

  async update(id: string, patch: unknown): Promise<Mailbox> {
    // An unknown mailbox is reported before a bad patch, and a bad patch before the slow PIN hash.
    await this.store.mailboxes.get(id);
    const values = parseMailboxPatch(patch);
    const pinHash = values.pin ? await hashPin(values.pin) : values.pin;
    return inServiceTransaction(this.store, async (s) => {
      // Apply the patch to the locked, current row so a concurrent update of other fields is never undone.
      await s.mailboxes.lock(id);
      const current = await s.mailboxes.get(id);
      const plan = planMailboxUpdate(
        current,
        values,
        await groupFacts(s, featureGroupAfter(current, values)),
      );
      await s.mailboxes.update(id, {
        ...rowOf(plan.draft),
        exchangePassword: plan.draft.exchangePassword,
        pinHash,
      });
      if (plan.manualLocation !== null) {
        await s.locations.appendHistory(id, plan.manualLocation, 'manual');
      }
      const updated = await s.mailboxes.get(id);
      s.recordChange({
        kind: 'mailbox.changed',
        mailboxId: id,
        entityId: id,
        data: { fields: fieldsOf(patch) },
      });
      if (plan.manualLocation !== null) {
        s.recordChange({
          kind: 'location.changed',
          mailboxId: id,
          entityId: null,
          data: { source: 'manual' },
        });
      }
      return updated;
    });
  }

  delete(id: string): Promise<void> {
    return inServiceTransaction(this.store, async (s) => {
      await s.mailboxes.delete(id);
      s.recordChange({ kind: 'mailbox.changed', mailboxId: id, entityId: id, data: { deleted: true } });
    });
  }
}

/** What the mailbox rules need to know about a feature group: the group itself and its endpoint. */
async function groupFacts(
  s: ServiceScope,
  featureGroupId: string,
): Promise<Omit<MailboxContext, 'storedExchangePassword'>> {
  const featureGroup = await s.featureGroups.find(featureGroupId);
  const endpointId = featureGroup?.sync.endpointId ?? null;
  const endpoint = endpointId !== null ? await s.endpoints.find(endpointId) : null;
  return { featureGroup, endpoint };
}

function rowOf(d: MailboxDraft): MailboxRow {
  return {
    number: d.number,
    displayName: d.displayName,
    license: d.license,
    featureGroupId: d.featureGroupId,
    useFeatureGroupSettings: d.useFeatureGroupSettings,
    exchangeUserName: d.exchangeUserName,
    exchangeAddress: d.exchangeAddress,
    storageMode: d.storageMode,
    ucLocation: d.ucLocation,
  };
}
