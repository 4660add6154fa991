// Shared helpers: a simulator per test file with response validation on, and a raw EWS caller built on the
// voxsync transport (so Basic/NTLM and TLS go through the real client code).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EwsTransport } from '../../../src/ews/transport/transport.ts';
import type { EwsAuth } from '../../../src/ews/transport/auth.ts';
import {
  buildRequestEnvelope,
  parseResponseEnvelope,
  type ResponseEnvelope,
} from '../../../src/ews/soap/envelope.ts';
import type { ExchangeVersion, Impersonation } from '../../../src/ews/soap/envelope.ts';
import {
  startExchangeSim,
  type ExchangeSim,
  type ExchangeSimOptions,
} from '../../../src/exchange-sim/index.ts';

export function schemaDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const c = join(dir, 'shared', 'ews', 'schema');
    if (existsSync(join(c, 'ews-soap-envelope.xsd'))) return c;
    const up = dirname(dir);
    if (up === dir) throw new Error('shared/ews/schema not found');
    dir = up;
  }
}

export const SEED = {
  serverVersion: '2016' as const,
  domains: ['contoso.test'],
  users: [
    { smtp: 'alice@contoso.test', password: 'alice-pw', displayName: 'Alice Anders' },
    { smtp: 'bob@contoso.test', password: 'bob-pw', displayName: 'Bob Berg', messages: 3 },
    { smtp: 'carol@contoso.test', password: 'carol-pw', displayName: 'Carol Chen' },
  ],
  serviceAccounts: [{ userName: 'svc-voxsync', password: 'svc-pw' }],
  impersonationGrants: [{ account: 'svc-voxsync', mailboxes: ['alice@contoso.test', 'bob@contoso.test'] }],
};

export async function startSim(extra: ExchangeSimOptions = {}): Promise<ExchangeSim> {
  return startExchangeSim({
    port: 0,
    plain: true,
    seed: SEED,
    validateResponses: true,
    schemaDir: schemaDir(),
    ...extra,
  });
}

export interface Caller {
  raw(
    body: string,
    opts?: { version?: ExchangeVersion; impersonate?: Impersonation },
  ): Promise<{ status: number; text: string }>;
  call(
    body: string,
    opts?: { version?: ExchangeVersion; impersonate?: Impersonation },
  ): Promise<ResponseEnvelope>;
  close(): Promise<void>;
}

export function caller(
  sim: ExchangeSim,
  auth: EwsAuth,
  defaults: { impersonate?: Impersonation } = {},
): Caller {
  const transport = new EwsTransport({
    url: sim.ewsUrl,
    auth,
    ...(sim.certificatePem ? { tls: { ca: [sim.certificatePem] } } : {}),
  });
  const raw: Caller['raw'] = async (body, opts = {}) => {
    const impersonation = opts.impersonate ?? defaults.impersonate;
    const env = buildRequestEnvelope(body, {
      serverVersion: opts.version ?? 'Exchange2016',
      ...(impersonation ? { impersonation } : {}),
    });
    const res = await transport.post({
      body: env,
      headers: impersonation ? { 'X-AnchorMailbox': impersonation.value } : {},
    });
    return { status: res.status, text: Buffer.from(res.body).toString('utf8') };
  };
  return {
    raw,
    async call(body, opts) {
      const r = await raw(body, opts);
      return parseResponseEnvelope(r.text, { httpStatus: r.status });
    },
    close: () => transport.close(),
  };
}

export const basic = (user: string, password: string): EwsAuth => ({ kind: 'basic', user, password });
