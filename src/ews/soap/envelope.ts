// SOAP 1.1 envelopes for EWS, both directions: the client builds requests and parses responses; the
// Exchange simulator parses requests and builds responses and faults.
import { NS_ERRORS, NS_MESSAGES, NS_SOAP, NS_TYPES } from './namespaces.ts';
import { parseXml, child, type XmlElement, type XmlParseOptions } from './xml-tree.ts';
import { XmlWriter, escapeAttr } from './xml-writer.ts';
import { EwsProtocolError, EwsRequestError, SoapFaultError, type MessageXmlValues } from '../errors.ts';
import { parseMessageXml, writeMessageXml } from './message-xml.ts';

/** ExchangeVersionType of types.xsd. There is no Exchange2019: 2016, 2019 and SE are driven with Exchange2016. */
export const EXCHANGE_VERSIONS = [
  'Exchange2007',
  'Exchange2007_SP1',
  'Exchange2009',
  'Exchange2010',
  'Exchange2010_SP1',
  'Exchange2010_SP2',
  'Exchange2012',
  'Exchange2013',
  'Exchange2013_SP1',
  'Exchange2015',
  'Exchange2016',
  'V2015_10_05',
  'V2016_01_06',
  'V2016_04_13',
  'V2016_07_13',
  'V2016_10_10',
  'V2017_01_07',
  'V2017_04_14',
  'V2017_07_11',
  'V2017_10_09',
  'V2018_01_08',
] as const;
export type ExchangeVersion = (typeof EXCHANGE_VERSIONS)[number];

export function isExchangeVersion(value: string): value is ExchangeVersion {
  return (EXCHANGE_VERSIONS as readonly string[]).includes(value);
}

/** ConnectingSIDType: which identifier names the impersonated user. */
export type ConnectingSidKind = 'PrimarySmtpAddress' | 'SmtpAddress' | 'PrincipalName' | 'SID';
export interface Impersonation {
  /** Default PrimarySmtpAddress. */
  kind?: ConnectingSidKind;
  value: string;
}

export interface RequestHeaders {
  serverVersion: ExchangeVersion;
  impersonation?: Impersonation;
  /** Windows time zone id (e.g. "W. Europe Standard Time") for TimeZoneContext. */
  timeZoneId?: string;
}

export const ENVELOPE_OPEN = `<s:Envelope xmlns:s="${NS_SOAP}" xmlns:t="${NS_TYPES}" xmlns:m="${NS_MESSAGES}">`;
const XML_DECL = '<?xml version="1.0" encoding="utf-8"?>';

/** A complete request document. `body` is the body's root element as built by an Operation (m:/t: prefixes). */
export function buildRequestEnvelope(body: string, headers: RequestHeaders): string {
  if (!isExchangeVersion(headers.serverVersion)) {
    throw new EwsRequestError(`Unknown RequestServerVersion "${String(headers.serverVersion)}".`);
  }
  const w = new XmlWriter();
  w.start('s:Header');
  w.empty('t:RequestServerVersion', { Version: headers.serverVersion });
  if (headers.impersonation !== undefined) {
    const { kind = 'PrimarySmtpAddress', value } = headers.impersonation;
    if (value.trim() === '') throw new EwsRequestError('The impersonated user must not be empty.');
    w.start('t:ExchangeImpersonation').start('t:ConnectingSID').leaf(`t:${kind}`, value).end().end();
  }
  if (headers.timeZoneId !== undefined) {
    w.start('t:TimeZoneContext').empty('t:TimeZoneDefinition', { Id: headers.timeZoneId }).end();
  }
  w.end();
  return `${XML_DECL}${ENVELOPE_OPEN}${w.toString()}<s:Body>${body}</s:Body></s:Envelope>`;
}

// ---- responses (client side) ----------------------------------------------------------------------

export interface ServerVersionInfo {
  majorVersion?: number;
  minorVersion?: number;
  majorBuildNumber?: number;
  minorBuildNumber?: number;
  version?: string;
}

export interface ResponseEnvelope {
  /** From the header; undefined when the server sent none (some old servers). A fault's header
   * ServerVersionInfo is on the thrown SoapFaultError's `serverVersion`. */
  serverVersion: ServerVersionInfo | undefined;
  /** The body's root element, e.g. m:GetItemResponse. */
  body: XmlElement;
}

export interface ParseResponseOptions extends XmlParseOptions {
  /** HTTP status the response came with, recorded on errors. */
  httpStatus?: number;
}

/** Parse a response document; a SOAP Fault becomes a thrown SoapFaultError. */
export function parseResponseEnvelope(
  input: string | Uint8Array,
  options: ParseResponseOptions = {},
): ResponseEnvelope {
  return readResponseEnvelope(parseXml(input, options), options.httpStatus);
}

/** Same as parseResponseEnvelope for an already parsed tree (the streaming parser yields trees). */
export function readResponseEnvelope(root: XmlElement, httpStatus?: number): ResponseEnvelope {
  if (root.ns !== NS_SOAP || root.local !== 'Envelope') {
    throw new EwsProtocolError(`Expected a SOAP 1.1 Envelope, got <${root.local}> in "${root.ns}".`, {
      httpStatus,
    });
  }
  const header = child(root, NS_SOAP, 'Header');
  const svi = header === undefined ? undefined : child(header, NS_TYPES, 'ServerVersionInfo');
  const serverVersion = svi === undefined ? undefined : readServerVersionInfo(svi);
  const bodyEl = child(root, NS_SOAP, 'Body');
  if (bodyEl === undefined) throw new EwsProtocolError('The SOAP envelope has no Body.', { httpStatus });
  const body = bodyEl.children[0];
  if (body === undefined) throw new EwsProtocolError('The SOAP Body is empty.', { httpStatus });
  if (body.ns === NS_SOAP && body.local === 'Fault') throw faultFromElement(body, httpStatus, serverVersion);
  return { serverVersion, body };
}

function intAttr(el: XmlElement, name: string): number | undefined {
  const v = el.attrs[name];
  if (v === undefined) return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

export function readServerVersionInfo(el: XmlElement): ServerVersionInfo {
  const info: ServerVersionInfo = {};
  const major = intAttr(el, 'MajorVersion');
  const minor = intAttr(el, 'MinorVersion');
  const majorBuild = intAttr(el, 'MajorBuildNumber');
  const minorBuild = intAttr(el, 'MinorBuildNumber');
  if (major !== undefined) info.majorVersion = major;
  if (minor !== undefined) info.minorVersion = minor;
  if (majorBuild !== undefined) info.majorBuildNumber = majorBuild;
  if (minorBuild !== undefined) info.minorBuildNumber = minorBuild;
  if (el.attrs['Version'] !== undefined) info.version = el.attrs['Version'];
  return info;
}

/** SOAP 1.1 Fault → SoapFaultError. Fault children are unqualified per SOAP 1.1 but some servers qualify
 * them, so they are matched by local name; the detail is read leniently (e:ResponseCode, e:Message,
 * t:MessageXml, plus any other leaf such as e:Line/e:Position/ErrorCode as a MessageXml value). */
export function faultFromElement(
  fault: XmlElement,
  httpStatus?: number,
  serverVersion?: ServerVersionInfo,
): SoapFaultError {
  let faultCode = '';
  let faultString = '';
  let detail: XmlElement | undefined;
  for (const c of fault.children) {
    if (c.local === 'faultcode') faultCode = c.text.trim();
    else if (c.local === 'faultstring') faultString = c.text.trim();
    else if (c.local === 'detail') detail = c;
  }
  let responseCode = '';
  let messageText = '';
  const values: Record<string, string> = {};
  if (detail !== undefined) {
    for (const d of detail.children) {
      if (d.local === 'ResponseCode') responseCode = d.text.trim();
      else if (d.local === 'Message') messageText = d.text.trim();
      else if (d.local === 'MessageXml') Object.assign(values, parseMessageXml(d));
      else if (d.children.length === 0) values[d.local] = d.text.trim();
    }
  }
  if (responseCode === '') responseCode = faultCode.slice(faultCode.indexOf(':') + 1) || 'UnknownFault';
  const messageXml: MessageXmlValues = values;
  return new SoapFaultError(
    { responseCode, messageText, messageXml, faultCode, faultString, serverVersion },
    { httpStatus },
  );
}

// ---- requests (simulator side) --------------------------------------------------------------------

export interface RequestEnvelope {
  /** RequestServerVersion/@Version as sent (may be unknown: the simulator answers ErrorInvalidServerVersion). */
  serverVersion: string | undefined;
  impersonation: Required<Impersonation> | undefined;
  timeZoneId: string | undefined;
  body: XmlElement;
}

export function parseRequestEnvelope(
  input: string | Uint8Array,
  options: XmlParseOptions = {},
): RequestEnvelope {
  return readRequestEnvelope(parseXml(input, options));
}

/** Same as parseRequestEnvelope for an already parsed tree (the simulator validates the tree first). */
export function readRequestEnvelope(root: XmlElement): RequestEnvelope {
  if (root.ns !== NS_SOAP || root.local !== 'Envelope') {
    throw new EwsProtocolError(`Expected a SOAP 1.1 Envelope, got <${root.local}> in "${root.ns}".`);
  }
  const header = child(root, NS_SOAP, 'Header');
  let serverVersion: string | undefined;
  let impersonation: Required<Impersonation> | undefined;
  let timeZoneId: string | undefined;
  if (header !== undefined) {
    serverVersion = child(header, NS_TYPES, 'RequestServerVersion')?.attrs['Version'];
    const sid = child(header, NS_TYPES, 'ExchangeImpersonation');
    const connecting = sid === undefined ? undefined : child(sid, NS_TYPES, 'ConnectingSID');
    const idEl = connecting?.children[0];
    if (idEl !== undefined) {
      impersonation = { kind: idEl.local as ConnectingSidKind, value: idEl.text.trim() };
    }
    const tz = child(header, NS_TYPES, 'TimeZoneContext');
    timeZoneId = tz === undefined ? undefined : child(tz, NS_TYPES, 'TimeZoneDefinition')?.attrs['Id'];
  }
  const bodyEl = child(root, NS_SOAP, 'Body');
  const body = bodyEl?.children[0];
  if (body === undefined) throw new EwsProtocolError('The SOAP request has no body element.');
  return { serverVersion, impersonation, timeZoneId, body };
}

function serverVersionAttrs(v: ServerVersionInfo): string {
  let s = '';
  if (v.majorVersion !== undefined) s += ` MajorVersion="${v.majorVersion}"`;
  if (v.minorVersion !== undefined) s += ` MinorVersion="${v.minorVersion}"`;
  if (v.majorBuildNumber !== undefined) s += ` MajorBuildNumber="${v.majorBuildNumber}"`;
  if (v.minorBuildNumber !== undefined) s += ` MinorBuildNumber="${v.minorBuildNumber}"`;
  if (v.version !== undefined) s += ` Version="${escapeAttr(v.version)}"`;
  return s;
}

/** A complete response document with ServerVersionInfo; `body` is the m:XxxResponse element. */
export function buildResponseEnvelope(body: string, serverVersion: ServerVersionInfo): string {
  return `${XML_DECL}${ENVELOPE_OPEN}<s:Header><t:ServerVersionInfo${serverVersionAttrs(serverVersion)}/></s:Header><s:Body>${body}</s:Body></s:Envelope>`;
}

export interface FaultSpec {
  responseCode: string;
  messageText: string;
  /** faultstring; defaults to messageText. */
  faultString?: string;
  messageXml?: MessageXmlValues;
  serverVersion?: ServerVersionInfo;
}

/** The SOAP Fault Exchange sends with HTTP 500 (shape of samples/Fault-response-1.xml). */
export function buildFaultEnvelope(spec: FaultSpec): string {
  const w = new XmlWriter();
  w.start('s:Fault');
  w.leaf('faultcode', `t:${spec.responseCode}`);
  w.leaf('faultstring', spec.faultString ?? spec.messageText, { 'xml:lang': 'en-US' });
  w.start('detail');
  w.leaf('e:ResponseCode', spec.responseCode);
  w.leaf('e:Message', spec.messageText);
  if (spec.messageXml !== undefined && Object.keys(spec.messageXml).length > 0) {
    writeMessageXml(w, spec.messageXml);
  }
  w.end().end();
  const header =
    spec.serverVersion === undefined
      ? ''
      : `<s:Header><t:ServerVersionInfo${serverVersionAttrs(spec.serverVersion)}/></s:Header>`;
  return `${XML_DECL}<s:Envelope xmlns:s="${NS_SOAP}" xmlns:t="${NS_TYPES}" xmlns:e="${NS_ERRORS}">${header}<s:Body>${w.toString()}</s:Body></s:Envelope>`;
}
