// The demo seed `voxsync exchange-sim` starts with when no `--seed` is given. Its one copy is the example the
// documentation shows (docs/exchange-sim.seed.json), so what the docs promise and what the simulator serves
// cannot drift apart; the file is found from the package root, which holds for the sources and a build alike.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Seed } from './seed.ts';

const DEMO_SEED_RELATIVE = join('docs', 'exchange-sim.seed.json');

/** The directory holding voxsync's package.json, searched upwards from this module. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, DEMO_SEED_RELATIVE))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`cannot find ${DEMO_SEED_RELATIVE} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Absolute path of the documented demo seed. */
export function demoSeedPath(): string {
  return join(packageRoot(), DEMO_SEED_RELATIVE);
}

/**
 * The logon lines printed at start with the demo seed: every user and service account with its password and
 * the names it may log on with, and what each service account may impersonate. Only for the demo seed, whose
 * passwords are published in the docs; a seed of one's own is never echoed.
 */
export function describeSeedLogins(seed: Seed, netbiosDomain: string): string[] {
  const lines: string[] = [];
  for (const u of seed.users) {
    const logon = u.userName ?? u.smtp.slice(0, u.smtp.lastIndexOf('@'));
    const domain = u.smtp.slice(u.smtp.lastIndexOf('@') + 1);
    const aliases = [`${logon}@${domain}`, `${netbiosDomain}\\${logon}`, logon].filter((a) => a !== u.smtp);
    lines.push(`  user ${u.smtp} / ${u.password}   (also ${aliases.join(', ')})`);
  }
  const firstDomain = seed.domains[0];
  for (const s of seed.serviceAccounts) {
    const upn = s.smtp ?? (firstDomain ? `${s.userName}@${firstDomain}` : s.userName);
    const grants = seed.impersonationGrants
      .filter((g) => [s.userName, s.smtp].some((n) => n?.toLowerCase() === g.account.toLowerCase()))
      .map((g) => (g.mailboxes === 'all' ? 'every mailbox' : g.mailboxes.join(', ')));
    const imp = grants.length ? `; ApplicationImpersonation on ${grants.join(', ')}` : '';
    lines.push(
      `  service account ${upn} / ${s.password}   (also ${netbiosDomain}\\${s.userName}, ${s.userName}${imp})`,
    );
  }
  return lines;
}
