// Helpers for simulator tests that go through the voxsync EwsClient: one client per account, and the
// unwrapping of per-item results (a success value or the ResponseMessageError's code).
import assert from 'node:assert/strict';
import { EwsClient, type EwsClientOptions } from '../../../src/ews/client.ts';
import { ResponseMessageError } from '../../../src/ews/errors.ts';
import type { BatchResult } from '../../../src/ews/operations/operation.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';
import type { UpdateItemInput } from '../../../src/ews/operations/update-item.ts';
import type { BaseItemId } from '../../../src/ews/types/ids.ts';
import type { Item } from '../../../src/ews/types/items.ts';

/** The service account of SEED, allowed to impersonate alice and bob. */
export const SVC_AUTH = { kind: 'basic', user: 'svc-voxsync', password: 'svc-pw' } as const;

/** A client without retries, so every test sees exactly what the simulator answered. */
export function clientFor(sim: ExchangeSim, extra: Partial<EwsClientOptions> = {}): EwsClient {
  return new EwsClient({
    url: sim.ewsUrl,
    auth: SVC_AUTH,
    retry: { maxAttempts: 1 },
    ...(sim.certificatePem ? { tls: { ca: [sim.certificatePem] } } : {}),
    ...extra,
  });
}

/** The one result of a single-item call; throws its error when it failed. */
export function ok<T>(results: readonly BatchResult<T>[]): T {
  assert.equal(results.length, 1, 'one response message');
  const r = results[0]!;
  if (!r.ok) throw r.error;
  return r.value;
}

/** The ResponseCode of the one (failed) result of a single-item call. */
export function failCode(results: readonly BatchResult<unknown>[]): string {
  assert.equal(results.length, 1, 'one response message');
  const r = results[0]!;
  assert.ok(!r.ok, 'the call was expected to fail');
  assert.ok(r.error instanceof ResponseMessageError);
  return r.error.responseCode;
}

/** The value of one entry of a batch result; its error is thrown. */
export function one<T>(r: BatchResult<T> | undefined): T {
  assert.ok(r, 'one response message');
  if (!r.ok) throw r.error;
  return r.value;
}

/**
 * UpdateItem input that overwrites fields of one item: each entry is a FieldURI and an item holding its new
 * value. Messages are saved only; calendar items send no meeting updates, as synchronisation does.
 */
export function setFields(itemId: BaseItemId, sets: readonly (readonly [string, Item])[]): UpdateItemInput {
  const calendar = sets.some(([, item]) => item.kind === 'CalendarItem');
  return {
    conflictResolution: 'AlwaysOverwrite',
    ...(calendar
      ? { sendMeetingInvitationsOrCancellations: 'SendToNone' as const }
      : { messageDisposition: 'SaveOnly' as const }),
    changes: [
      {
        itemId,
        updates: sets.map(([fieldUri, item]) => ({ action: 'set' as const, path: { fieldUri }, item })),
      },
    ],
  };
}
