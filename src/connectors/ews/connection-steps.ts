// The five steps of an EWS connection test. Each turns the typed errors of src/ews into a step
// result with a stable code and a sentence naming what to fix; no message ever holds a password.
import { lookup } from 'node:dns/promises';
import { connect as tcpConnect } from 'node:net';
import type { EwsClient } from '../../ews/client.ts';
import { ResponseMessageError, SoapFaultError } from '../../ews/errors.ts';
import { getFolder } from '../../ews/operations/get-folder.ts';
import { unwrapOne } from '../../ews/operations/operation.ts';
import {
  EwsAuthenticationError,
  EwsConnectionError,
  EwsHttpStatusError,
  EwsTimeoutError,
  EwsTlsPinMismatchError,
  EwsTlsUntrustedError,
} from '../../ews/transport/errors.ts';
import { TlsTrust, type TlsTrustOptions } from '../../ews/transport/tls-trust.ts';
import type { StepRecorder } from '../connection-test.ts';
import type { EwsTarget } from './client-options.ts';

type Failure = { code: string; message: string; responseCode?: string };

/** Step 1: DNS and a TCP connection to the port. */
export async function checkReachable(
  rec: StepRecorder,
  target: EwsTarget,
  timeoutMs: number,
): Promise<boolean> {
  let address: string;
  try {
    address = (await lookup(target.host)).address;
  } catch (err) {
    rec.failed(
      'reachable',
      'network.dns_failed',
      `The host name ${target.host} does not resolve (${errCode(err)}). Check the endpoint address and this server's DNS.`,
    );
    return false;
  }
  const failure = await new Promise<Failure | undefined>((resolve) => {
    const socket = tcpConnect({ host: address, port: target.port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({
        code: 'network.timeout',
        message: `No answer from ${target.host} (${address}) port ${target.port} within ${timeoutMs} ms; a firewall may drop the connection.`,
      });
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      const code = errCode(err);
      resolve({
        code: code === 'ECONNREFUSED' ? 'network.refused' : 'network.unreachable',
        message:
          code === 'ECONNREFUSED'
            ? `${target.host} (${address}) refuses connections on port ${target.port}; check the port and that Exchange (IIS) is running.`
            : `${target.host} (${address}) port ${target.port} cannot be reached (${code}).`,
      });
    });
  });
  if (failure) {
    rec.failed('reachable', failure.code, failure.message);
    return false;
  }
  rec.ok('reachable', `${target.host} resolves to ${address}; port ${target.port} accepts connections.`);
  return true;
}

/** Step 2: a verified TLS handshake with the endpoint's trust (system CAs + trusted certificates). */
export async function checkTls(
  rec: StepRecorder,
  target: EwsTarget,
  trust: TlsTrustOptions,
  timeoutMs: number,
): Promise<boolean> {
  if (!target.tls) {
    rec.skipped('tls', 'Plain HTTP to a server on this machine: there is no certificate to check.');
    return true;
  }
  try {
    const socket = await new TlsTrust(trust).connect({ host: target.host, port: target.port, timeoutMs });
    socket.destroy();
  } catch (err) {
    const f = tlsFailure(target.host, err);
    rec.failed('tls', f.code, f.message);
    return false;
  }
  const how = (trust.pins?.length ?? 0) > 0 ? 'a certificate trusted for this endpoint' : 'a trusted CA';
  rec.ok('tls', `The certificate chain verifies through ${how}, host name included.`);
  return true;
}

export function tlsFailure(host: string, err: unknown): Failure {
  if (err instanceof EwsTlsPinMismatchError) {
    return {
      code: 'tls.certificate_changed',
      message:
        `${host} presents a different certificate than the one trusted for this endpoint: trusted SHA-256 ` +
        `${err.expected.join(' or ')}, presented ${err.presented.join(' / ') || 'none'}. ` +
        'Inspect the new certificate (GET .../certificate) and trust it if it is genuine.',
    };
  }
  if (err instanceof EwsTlsUntrustedError) {
    const fp = err.presented[0];
    return {
      code: 'tls.untrusted',
      message:
        `The certificate of ${host} is not trusted (${err.verifyCode}). ` +
        (fp
          ? `It presents SHA-256 ${fp}; inspect it with GET .../certificate and trust it by fingerprint.`
          : 'No certificate was presented.'),
    };
  }
  return {
    code: 'tls.handshake_failed',
    message: `The TLS handshake with ${host} failed (${errCode(err)}); is the port serving HTTPS?`,
  };
}

/**
 * Step 3: one GetFolder of the account's own root folder. Any SOAP answer proves the credentials were
 * accepted, including ErrorNonExistentMailbox: a service account often has no mailbox of its own.
 */
export async function checkAuthentication(
  rec: StepRecorder,
  client: EwsClient,
  who: { account: string; source: string; scheme: string },
  timeoutMs: number,
): Promise<boolean> {
  try {
    unwrapOne(
      await client.call(
        getFolder,
        { folderIds: [{ distinguished: 'msgfolderroot' }], shape: { baseShape: 'IdOnly' } },
        { timeoutMs },
      ),
    );
    rec.ok('authentication', `${who.account} (${who.scheme}) logged on and opened its own mailbox.`);
    return true;
  } catch (err) {
    if (err instanceof SoapFaultError || err instanceof ResponseMessageError) {
      if (err.responseCode === 'ErrorInvalidServerVersion') {
        rec.ok('authentication', `${who.account} (${who.scheme}) was accepted.`);
        return true;
      }
      rec.ok(
        'authentication',
        `${who.account} (${who.scheme}) was accepted (it has no usable mailbox of its own: ${err.responseCode}).`,
      );
      return true;
    }
    if (err instanceof EwsAuthenticationError) {
      rec.failed(
        'authentication',
        'auth.rejected',
        `The mail server refused ${who.account} with ${err.usedScheme} (HTTP 401; it offers ${err.offeredSchemes.join(', ') || 'no scheme'}). ` +
          `Check the user name and password of ${who.source} and the endpoint's authentication method.`,
      );
      return false;
    }
    const f = ewsFailure(err);
    rec.failed('authentication', f.code, f.message, f.responseCode);
    return false;
  }
}

/** Step 4: GetFolder of the mailbox's inbox through ExchangeImpersonation. */
export async function checkImpersonation(
  rec: StepRecorder,
  client: EwsClient,
  account: string,
  mailbox: string,
  timeoutMs: number,
): Promise<void> {
  try {
    unwrapOne(
      await client.call(
        getFolder,
        { folderIds: [{ distinguished: 'inbox' }], shape: { baseShape: 'IdOnly' } },
        { impersonate: mailbox, timeoutMs },
      ),
    );
    rec.ok('impersonation', `${account} impersonated ${mailbox} and opened its Inbox.`);
  } catch (err) {
    const code = err instanceof SoapFaultError || err instanceof ResponseMessageError ? err.responseCode : '';
    if (code === 'ErrorImpersonateUserDenied') {
      rec.failed(
        'impersonation',
        'impersonation.denied',
        `Exchange answered ErrorImpersonateUserDenied: ${account} may not impersonate ${mailbox}. ` +
          `Give it the ApplicationImpersonation role for this mailbox (New-ManagementRoleAssignment -Role ApplicationImpersonation -User ${account}).`,
        code,
      );
    } else if (code === 'ErrorNonExistentMailbox' || code === 'ErrorMailRecipientNotFound') {
      rec.failed(
        'impersonation',
        'impersonation.no_mailbox',
        `Exchange has no mailbox for ${mailbox} (${code}); check the mailbox's Exchange address.`,
        code,
      );
    } else if (code === 'ErrorImpersonationFailed') {
      rec.failed(
        'impersonation',
        'impersonation.failed',
        `Exchange could not impersonate ${mailbox} (ErrorImpersonationFailed); the account may be disabled or not mail-enabled.`,
        code,
      );
    } else {
      const f = ewsFailure(err);
      rec.failed('impersonation', f.code, f.message, f.responseCode);
    }
  }
}

/** Transport and protocol failures after TLS: wrong URL, server errors, timeouts. */
export function ewsFailure(err: unknown): Failure {
  if (err instanceof EwsHttpStatusError) {
    return {
      code: err.httpStatus === 404 ? 'ews.not_found' : 'ews.http_status',
      message:
        err.httpStatus === 404
          ? 'The server answered 404 Not Found: the EWS URL is wrong (usually https://host/EWS/Exchange.asmx).'
          : `${err.message}.`,
    };
  }
  if (err instanceof EwsTimeoutError) return { code: 'ews.timeout', message: `${err.message}.` };
  if (err instanceof EwsConnectionError) return { code: 'ews.connection_failed', message: `${err.message}.` };
  if (err instanceof EwsTlsPinMismatchError || err instanceof EwsTlsUntrustedError) {
    return tlsFailure('the server', err);
  }
  if (err instanceof SoapFaultError || err instanceof ResponseMessageError) {
    return {
      code: 'ews.error',
      message: `Exchange answered ${err.responseCode}: ${err.reason || 'no message text'}`,
      responseCode: err.responseCode,
    };
  }
  return {
    code: 'ews.unexpected',
    message: `Unexpected answer: ${err instanceof Error ? err.message : String(err)}`,
  };
}

function errCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}
