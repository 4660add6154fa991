// SOAP Autodiscover GetUserSettings (/autodiscover/autodiscover.svc), namespace
// http://schemas.microsoft.com/exchange/2010/Autodiscover with WS-Addressing Action/To headers
// (samples/GetUserSettings-*.xml).
import { parseXml, child, childrenOf } from '../soap/xml-tree.ts';
import type { XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { NS_SOAP } from '../soap/namespaces.ts';
import { faultFromElement } from '../soap/envelope.ts';
import { EwsProtocolError } from '../errors.ts';
import type { AutodiscoverOutcome } from './outcome.ts';

export const NS_AUTODISCOVER = 'http://schemas.microsoft.com/exchange/2010/Autodiscover';
export const NS_WSA = 'http://www.w3.org/2005/08/addressing';
const ACTION = `${NS_AUTODISCOVER}/Autodiscover/GetUserSettings`;

/** Settings voxsync asks for: where EWS is, which version, and how mailboxes group onto back ends. */
export const DEFAULT_USER_SETTINGS = [
  'InternalEwsUrl',
  'ExternalEwsUrl',
  'CasVersion',
  'EwsSupportedSchemas',
  'GroupingInformation',
  'UserDisplayName',
  'AutoDiscoverSMTPAddress',
] as const;

export function buildGetUserSettingsRequest(
  email: string,
  url: string,
  settings: readonly string[] = DEFAULT_USER_SETTINGS,
): string {
  const w = new XmlWriter();
  w.start('soap:Envelope', { 'xmlns:soap': NS_SOAP, 'xmlns:a': NS_AUTODISCOVER, 'xmlns:wsa': NS_WSA });
  w.start('soap:Header');
  w.leaf('a:RequestedServerVersion', 'Exchange2013');
  w.leaf('wsa:Action', ACTION).leaf('wsa:To', url);
  w.end().start('soap:Body').start('a:GetUserSettingsRequestMessage').start('a:Request');
  w.start('a:Users').start('a:User').leaf('a:Mailbox', email).end().end();
  w.start('a:RequestedSettings');
  for (const s of settings) w.leaf('a:Setting', s);
  w.end().end().end().end().end();
  return `<?xml version="1.0" encoding="utf-8"?>${w.toString()}`;
}

export function parseGetUserSettingsResponse(xml: string | Uint8Array): AutodiscoverOutcome {
  const root = parseXml(xml, { maxBytes: 4 * 1024 * 1024 });
  const body = root.ns === NS_SOAP && root.local === 'Envelope' ? child(root, NS_SOAP, 'Body') : undefined;
  const message = body?.children[0];
  if (!message) throw new EwsProtocolError('Not a SOAP Autodiscover response.');
  if (message.ns === NS_SOAP && message.local === 'Fault') throw faultFromElement(message);
  const response = child(message, NS_AUTODISCOVER, 'Response');
  if (!response) throw new EwsProtocolError('GetUserSettings response without <Response>.');
  const topCode = text(child(response, NS_AUTODISCOVER, 'ErrorCode'));
  if (topCode && topCode !== 'NoError') {
    return { kind: 'error', code: topCode, message: text(child(response, NS_AUTODISCOVER, 'ErrorMessage')) };
  }
  const users = child(response, NS_AUTODISCOVER, 'UserResponses');
  const user = users ? childrenOf(users, NS_AUTODISCOVER, 'UserResponse')[0] : undefined;
  if (!user) throw new EwsProtocolError('GetUserSettings response without a UserResponse.');
  const code = text(child(user, NS_AUTODISCOVER, 'ErrorCode'));
  const target = text(child(user, NS_AUTODISCOVER, 'RedirectTarget'));
  if (code === 'RedirectAddress') return { kind: 'redirectAddress', address: target };
  if (code === 'RedirectUrl') return { kind: 'redirectUrl', url: target };
  if (code && code !== 'NoError') {
    return { kind: 'error', code, message: text(child(user, NS_AUTODISCOVER, 'ErrorMessage')) };
  }
  const settings: Record<string, string> = {};
  const list = child(user, NS_AUTODISCOVER, 'UserSettings');
  for (const s of list ? childrenOf(list, NS_AUTODISCOVER, 'UserSetting') : []) {
    const name = text(child(s, NS_AUTODISCOVER, 'Name'));
    const value = child(s, NS_AUTODISCOVER, 'Value');
    if (name && value) settings[name] = value.text.trim();
  }
  const ewsUrl = settings['InternalEwsUrl'] || settings['ExternalEwsUrl'];
  return ewsUrl
    ? { kind: 'settings', ewsUrl, settings }
    : { kind: 'error', code: 'ews.no_ews_url', message: 'The response names no EWS URL.' };
}

function text(el: XmlElement | undefined): string {
  return el ? el.text.trim() : '';
}
