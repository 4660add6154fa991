// Shared by the tests that talk to the simulator through the voxsync EwsClient.
import assert from 'node:assert/strict';
import { EwsClient } from '../../../src/ews/client.ts';
import type { EwsAuth } from '../../../src/ews/transport/auth.ts';
import type { ExchangeSim } from '../../../src/exchange-sim/index.ts';

/** The service account of SEED, allowed to impersonate alice and bob. */
export const SVC: EwsAuth = { kind: 'basic', user: 'svc-voxsync', password: 'svc-pw' };

/** A client without retries, so a failure shows at once. */
export function clientFor(sim: ExchangeSim, auth: EwsAuth = SVC): EwsClient {
  return new EwsClient({ url: sim.ewsUrl, auth, retry: { maxAttempts: 1 } });
}

/** The value of a one-message result; its error is thrown. */
export function ok<T>(r: { ok: true; value: T } | { ok: false; error: Error } | undefined): T {
  assert.ok(r, 'one response message');
  if (!r.ok) throw r.error;
  return r.value;
}
