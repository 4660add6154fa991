// Which account an ExchangeImpersonation header names (ConnectingSID: PrimarySmtpAddress, SmtpAddress,
// PrincipalName or SID). Answers as Exchange documents them (responsecode.md): an empty value is
// ErrorInvalidExchangeImpersonationHeaderData, a SID not in SDDL form ErrorInvalidSid; a well-formed
// value naming no account is left to the caller (ErrorNonExistentMailbox).
import type { Impersonation } from '../../ews/soap/envelope.ts';
import type { Account } from '../directory.ts';
import { isSid } from '../sid.ts';
import type { SimState } from '../state.ts';
import { SimFault } from './errors.ts';

export function impersonatedAccount(sim: SimState, imp: Impersonation): Account | undefined {
  const value = imp.value.trim();
  if (value === '') {
    throw new SimFault(
      'ErrorInvalidExchangeImpersonationHeaderData',
      'The impersonation header names no user: the ConnectingSID value is empty.',
    );
  }
  switch (imp.kind ?? 'PrimarySmtpAddress') {
    case 'PrimarySmtpAddress':
    case 'SmtpAddress':
      return sim.directory.findMailbox(value);
    case 'PrincipalName':
      return sim.directory.findMailbox(value) ?? sim.directory.findLogon(value.split('@')[0] ?? '');
    case 'SID':
      if (!isSid(value)) throw new SimFault('ErrorInvalidSid', `The SID '${value}' is invalid.`);
      return sim.directory.findSid(value);
  }
}
