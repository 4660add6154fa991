// Simulator-specific NTLM: which names the challenge carries and how the AUTHENTICATE user maps to a
// directory account. The message encoding and NTLMv2 math are the shared pure functions of the transport.
import type { Account, Directory } from '../directory.ts';
import {
  NtlmMessageError,
  createServerChallenge,
  decodeAuthenticate,
  messageType,
  ntowfv2FromHash,
  verifyNtlmv2Response,
  type ServerChallenge,
} from '../../ews/transport/ntlm/index.ts';

export { NtlmMessageError, messageType as ntlmMessageType };

/** NetBIOS name the simulated Client Access server announces in its CHALLENGE_MESSAGE. */
export const SIM_COMPUTER_NAME = 'EXSIM01';

export function simulatorChallenge(directory: Directory): ServerChallenge {
  return createServerChallenge({ domain: directory.netbiosDomain, computer: SIM_COMPUTER_NAME });
}

/**
 * The account an AUTHENTICATE_MESSAGE proves, or undefined. "DOMAIN\\user" is tried first, then the bare
 * user name (a UPN or an SMTP local part). Throws NtlmMessageError on a malformed message.
 */
export function verifyNtlmLogon(
  directory: Directory,
  token: Uint8Array,
  serverChallenge: Uint8Array,
): Account | undefined {
  const auth = decodeAuthenticate(token);
  const candidate =
    directory.findLogon(auth.domain ? `${auth.domain}\\${auth.user}` : auth.user) ??
    directory.findLogon(auth.user);
  if (!candidate) return undefined;
  // From the NT hash, not the password: accounts restored from `--data` keep only the hash.
  const key = ntowfv2FromHash(candidate.credential.ntHash, auth.user, auth.domain);
  return verifyNtlmv2Response(key, serverChallenge, auth.ntChallengeResponse) !== null
    ? candidate
    : undefined;
}
