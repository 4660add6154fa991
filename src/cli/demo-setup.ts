// The demo configuration: a persistent set of generated credentials, the simulator's seed, and the
// idempotent setup of the demo endpoint, feature group, mailboxes and administrator in the store.
import { EndpointService, FeatureGroupService, MailboxService } from '../services/configuration.ts';
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAdminUser, resetAdminPassword } from '../services/admin-accounts.ts';
import type { AccessRepositories } from '../services/admin-accounts.ts';
import { findPresentedCertificate } from '../connectors/index.ts';
import type { Endpoint, FeatureGroup, Mailbox } from '../domain/index.ts';
import type { ExchangeSim, SeedInput } from '../exchange-sim/index.ts';
import type { Store } from '../store/index.ts';

export const DEMO_DOMAIN = 'demo.example.com';
export const DEMO_ENDPOINT_NAME = 'Demo Exchange (simulator)';
export const DEMO_GROUP_NAME = 'Demo feature group';
export const DEMO_ADMIN = 'admin';
export const DEMO_PIN = '1234';
export const DEMO_SERVICE_ACCOUNT = `svc-voxsync@${DEMO_DOMAIN}`;
export const DEMO_USERS = [
  { number: '4001', smtp: `alice@${DEMO_DOMAIN}`, name: 'Alice Archer' },
  { number: '4002', smtp: `bob@${DEMO_DOMAIN}`, name: 'Bob Baker' },
  { number: '4003', smtp: `carol@${DEMO_DOMAIN}`, name: 'Carol Chen' },
] as const;

/** Generated on first start, kept in `<data>/demo-credentials.json` (mode 0600). */
export interface DemoCredentials {
  readonly adminPassword: string;
  readonly servicePassword: string;
  readonly userPasswords: Readonly<Record<string, string>>;
}

export const DEMO_CREDENTIALS_FILE = 'demo-credentials.json';

function generatePassword(): string {
  // base64url of 15 random bytes: 20 characters, 120 bits.
  return randomBytes(15).toString('base64url');
}

/** Loads the demo credentials, creating them on first start. `created` is true when they are new. */
export async function loadOrCreateDemoCredentials(
  dataDir: string,
): Promise<{ credentials: DemoCredentials; created: boolean }> {
  const path = join(dataDir, DEMO_CREDENTIALS_FILE);
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<DemoCredentials>;
    if (typeof parsed.adminPassword === 'string' && typeof parsed.servicePassword === 'string') {
      await chmod(path, 0o600);
      return {
        credentials: {
          adminPassword: parsed.adminPassword,
          servicePassword: parsed.servicePassword,
          userPasswords: parsed.userPasswords ?? {},
        },
        created: false,
      };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && !(err instanceof SyntaxError)) throw err;
  }
  const credentials: DemoCredentials = {
    adminPassword: generatePassword(),
    servicePassword: generatePassword(),
    userPasswords: Object.fromEntries(DEMO_USERS.map((u) => [u.smtp, generatePassword()])),
  };
  await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return { credentials, created: true };
}

export function demoSeed(c: DemoCredentials): SeedInput {
  return {
    serverVersion: '2016',
    domains: [DEMO_DOMAIN],
    users: DEMO_USERS.map((u) => ({
      smtp: u.smtp,
      displayName: u.name,
      password: c.userPasswords[u.smtp] ?? c.servicePassword,
      messages: 3,
      contacts: 2,
      calendarItems: 2,
    })),
    serviceAccounts: [{ userName: 'svc-voxsync', password: c.servicePassword, smtp: DEMO_SERVICE_ACCOUNT }],
    impersonationGrants: [{ account: 'svc-voxsync', mailboxes: 'all' }],
  };
}

export interface DemoRecords {
  readonly endpoint: Endpoint;
  readonly featureGroup: FeatureGroup;
  readonly mailboxes: readonly Mailbox[];
}

/**
 * Creates or refreshes the demo records. Runs on every start: the simulator's port is new each time,
 * its certificate is trusted by the fingerprint it presents now, and nothing is created twice.
 */
export async function configureDemo(
  store: Store,
  sim: ExchangeSim,
  c: DemoCredentials,
): Promise<DemoRecords> {
  const address = { address: 'ews:127.0.0.1', port: sim.port };
  let endpoint =
    (await store.endpoints.findByName(DEMO_ENDPOINT_NAME)) ??
    (await new EndpointService(store).create({
      name: DEMO_ENDPOINT_NAME,
      ...address,
      exchangeVersion: 'auto',
      demo: true,
    }));
  endpoint = await new EndpointService(store).update(endpoint.id, address);
  // The certificate is read from the wire, like an administrator's "trust this fingerprint".
  const cert = await findPresentedCertificate(endpoint, sim.fingerprint ?? '');
  endpoint = await new EndpointService(store).update(endpoint.id, {
    trustedCertificates: [{ fingerprint: cert.hex, pem: cert.pem, label: 'Demo Exchange simulator' }],
  });

  const sync = {
    serviceAccount: DEMO_SERVICE_ACCOUNT,
    password: c.servicePassword,
    passwordConfirmation: c.servicePassword,
    endpointId: endpoint.id,
  };
  const existing = await store.featureGroups.findByName(DEMO_GROUP_NAME);
  const featureGroup = existing
    ? await new FeatureGroupService(store).update(existing.id, { sync })
    : await new FeatureGroupService(store).create({ name: DEMO_GROUP_NAME, sync, demo: true });

  const mailboxes: Mailbox[] = [];
  for (const u of DEMO_USERS) {
    const found = await store.mailboxes.findByNumber(u.number);
    mailboxes.push(
      found ??
        (await new MailboxService(store).create({
          number: u.number,
          displayName: `Demo ${u.name}`,
          license: 'messaging',
          featureGroupId: featureGroup.id,
          useFeatureGroupSettings: true,
          exchangeAddress: u.smtp,
          storageMode: 'synchronization',
          pin: DEMO_PIN,
          demo: true,
        })),
    );
  }
  return { endpoint, featureGroup, mailboxes };
}

/** The demo administrator exists and has the password from the credentials file. */
export async function ensureDemoAdmin(
  repos: AccessRepositories,
  c: DemoCredentials,
  credentialsCreated: boolean,
): Promise<void> {
  const admin = await repos.adminUsers.findByUsername(DEMO_ADMIN);
  if (!admin) await createAdminUser(repos, DEMO_ADMIN, c.adminPassword, 'demo');
  else if (credentialsCreated) await resetAdminPassword(repos, DEMO_ADMIN, c.adminPassword, 'demo');
}
