// A password as the simulator checks it. Seed accounts and accounts added in this run know the clear password;
// accounts restored from `--data` know only what directory.json keeps: a salted scrypt hash (Basic) and the NT
// hash (NTLM computes its proof from MD4(UTF-16LE password), MS-NLMP 3.3.2, so the hash has to be kept as is).
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { ntowfv1 } from '../ews/transport/ntlm/index.ts';

/** How a credential is stored in directory.json (base64 fields). */
export interface StoredCredential {
  readonly scheme: 'scrypt';
  readonly salt: string;
  readonly hash: string;
  readonly ntHash: string;
}

const KEY_LENGTH = 32;

export class Credential {
  private constructor(
    readonly ntHash: Buffer,
    /** Made on first need: seed accounts are never stored, and scrypt is slow by design. */
    private stored: StoredCredential | undefined,
    /** Known for seed accounts, for accounts added in this run, and once a restored one logged on by Basic. */
    private clear: string | undefined,
  ) {}

  static fromPassword(password: string): Credential {
    return new Credential(ntowfv1(password), undefined, password);
  }

  static fromStored(s: StoredCredential): Credential {
    return new Credential(Buffer.from(s.ntHash, 'base64'), s, undefined);
  }

  toStored(): StoredCredential {
    if (!this.stored) {
      const salt = randomBytes(16);
      this.stored = {
        scheme: 'scrypt',
        salt: salt.toString('base64'),
        hash: scryptSync(this.clear ?? '', salt, KEY_LENGTH).toString('base64'),
        ntHash: this.ntHash.toString('base64'),
      };
    }
    return this.stored;
  }

  verify(password: string): boolean {
    if (this.clear !== undefined) return safeEqual(Buffer.from(this.clear), Buffer.from(password));
    const stored = this.stored!;
    const want = Buffer.from(stored.hash, 'base64');
    const got = scryptSync(password, Buffer.from(stored.salt, 'base64'), want.length);
    if (!timingSafeEqual(want, got)) return false;
    // Basic sends the password on every request; later ones compare in memory instead of running scrypt again.
    this.clear = password;
    return true;
  }
}

function safeEqual(x: Buffer, y: Buffer): boolean {
  return x.length === y.length && timingSafeEqual(x, y);
}
