import { ErrorCodes } from './codes.ts';
import type { Issue } from './errors.ts';

/**
 * The parsed form of an endpoint address. The seed's rule: an Exchange Web Services address MUST be
 * prefixed with lowercase `ews:`; what follows is a host (`ews:mail.example.com`) or the full EWS URL
 * (`ews:https://mail.example.com/EWS/Exchange.asmx`). An address without any scheme names an IMAP server in the
 * seed's model; voxsync has no IMAP connector yet, so such an address is refused (the `imap` kind remains for
 * endpoints stored before that rule).
 */
export type EndpointAddress =
  | { readonly kind: 'ews'; readonly host: string; readonly url: string; readonly port: number }
  | { readonly kind: 'imap'; readonly host: string; readonly port: number };

export type EndpointKind = EndpointAddress['kind'];

export const EWS_DEFAULT_PORT = 443;
export const IMAP_DEFAULT_PORT = 993;
const EWS_DEFAULT_PATH = '/EWS/Exchange.asmx';

/** The connectors voxsync has. IMAP is accepted in the model and reported as not available yet. */
export function connectorAvailable(kind: EndpointKind): boolean {
  return kind === 'ews';
}

export function connectorStatus(kind: EndpointKind): string {
  return connectorAvailable(kind) ? 'available' : 'connector not available yet';
}

type Parsed = { ok: true; address: EndpointAddress } | { ok: false; issue: Issue };

const HOST_RE =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4_RE = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function fail(code: string, message: string, field = 'address'): Parsed {
  return { ok: false, issue: { code, field, message } };
}

function validHost(host: string): boolean {
  if (host.startsWith('[') && host.endsWith(']')) return /^[0-9A-Fa-f:.]+$/.test(host.slice(1, -1));
  if (IPV4_RE.test(host)) return true;
  // An all-numeric last label is not a DNS name; URL parsers would read it as an IPv4 shorthand
  // ("10" = 0.0.0.10), so it is refused rather than silently reinterpreted.
  return HOST_RE.test(host) && !/(?:^|\.)\d+$/.test(host);
}

/**
 * Parses an endpoint address with the port the administrator entered (undefined = the default for the
 * address kind). Never throws: returns the refusal as an Issue naming the field and the rule.
 */
export function parseEndpointAddress(raw: string, port?: number): Parsed {
  const address = raw.trim();
  if (address === '') return fail(ErrorCodes.endpointAddressRequired, 'The address is required.');
  if (/\s/.test(address))
    return fail(ErrorCodes.endpointAddressInvalid, 'The address must not contain spaces.');
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    return fail(
      ErrorCodes.endpointPortOutOfRange,
      'The port must be a whole number from 1 to 65535.',
      'port',
    );
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(address)?.[1];
  // `host:993` looks like a scheme followed by digits; only an ews prefix (any case) is a scheme there.
  const hostWithPort = /^[^:]+:\d+$/.test(address) && scheme?.toLowerCase() !== 'ews';
  // Without a prefix the seed's rule reads an IMAP server, which no connector serves yet: storing one would
  // leave a feature group that never synchronizes, so it is refused, pointing at the Exchange form.
  if (scheme === undefined || hostWithPort) {
    if (address.includes('@'))
      return fail(ErrorCodes.endpointAddressCredentials, 'The address must not contain a user name.');
    const host = address.replace(/:\d+$/, '');
    return fail(
      ErrorCodes.endpointAddressSchemeMissing,
      `"${address}" has no "ews:" prefix, so it would name an IMAP server, and voxsync has no IMAP connector yet. For Exchange write "ews:${host}" (or "ews:https://${host}/EWS/Exchange.asmx").`,
    );
  }
  if (scheme.toLowerCase() === 'ews' && scheme !== 'ews') {
    return fail(
      ErrorCodes.endpointAddressSchemeCase,
      `The address prefix must be lowercase "ews:", not "${scheme}:".`,
    );
  }
  if (scheme !== 'ews') {
    return fail(
      ErrorCodes.endpointAddressSchemeMissing,
      `An Exchange Web Services address must start with lowercase "ews:" (e.g. "ews:mail.example.com"); "${scheme}:" is not a known prefix.`,
    );
  }
  const rest = address.slice('ews:'.length);
  if (rest === '') return fail(ErrorCodes.endpointAddressInvalid, 'The address needs a host after "ews:".');
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(rest)) return parseEwsUrl(rest, port);
  return parseEwsHost(rest, port);
}

function parseEwsHost(host: string, port: number | undefined): Parsed {
  if (host.includes('@')) {
    return fail(ErrorCodes.endpointAddressCredentials, 'The address must not contain a user name.');
  }
  if (host.includes('/') || (host.includes(':') && !host.startsWith('['))) {
    return fail(
      ErrorCodes.endpointAddressInvalid,
      'After "ews:" give a host name or a full https:// URL; put the port in the port field.',
    );
  }
  if (!validHost(host)) {
    return fail(ErrorCodes.endpointAddressInvalid, `"${host}" is not a valid host name or IP address.`);
  }
  const p = port ?? EWS_DEFAULT_PORT;
  const h = host.toLowerCase();
  const url = `https://${h}${p === 443 ? '' : `:${p}`}${EWS_DEFAULT_PATH}`;
  return { ok: true, address: { kind: 'ews', host: h, url, port: p } };
}

function parseEwsUrl(text: string, port: number | undefined): Parsed {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(ErrorCodes.endpointAddressInvalid, `"${text}" is not a valid URL.`);
  }
  if (url.username !== '' || url.password !== '') {
    return fail(
      ErrorCodes.endpointAddressCredentials,
      'The address must not contain a user name or password; use the feature group credentials.',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    return fail(ErrorCodes.endpointAddressInvalid, 'The EWS URL must not have a query or fragment.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail(ErrorCodes.endpointAddressInvalid, 'The EWS URL must use https://.');
  }
  // Plain HTTP would send credentials unencrypted; it is only accepted for a server on this machine
  // (the bundled simulator and tests).
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    return fail(
      ErrorCodes.endpointAddressInsecure,
      'The EWS URL must use https:// (http:// only for localhost).',
    );
  }
  const urlPort = url.port === '' ? undefined : Number(url.port);
  if (urlPort !== undefined && port !== undefined && urlPort !== port) {
    return fail(
      ErrorCodes.endpointPortConflict,
      `The port field (${port}) differs from the port in the URL (${urlPort}).`,
      'port',
    );
  }
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  const effective = urlPort ?? port ?? defaultPort;
  url.port = effective === defaultPort ? '' : String(effective);
  if (url.pathname === '/' || url.pathname === '') url.pathname = EWS_DEFAULT_PATH;
  return { ok: true, address: { kind: 'ews', host: url.hostname, url: url.toString(), port: effective } };
}
