// POX Autodiscover (/autodiscover/autodiscover.xml): request schema 2006, response schema 2006a
// (samples/AutodiscoverPOX-*.xml). Elements are matched by namespace URI + local name.
import { parseXml, child, childrenOf } from '../soap/xml-tree.ts';
import type { XmlElement } from '../soap/xml-tree.ts';
import { XmlWriter } from '../soap/xml-writer.ts';
import { EwsProtocolError } from '../errors.ts';
import type { AutodiscoverOutcome } from './outcome.ts';

export const NS_POX_REQUEST = 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
export const NS_POX_RESPONSE = 'http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006';
export const NS_POX_OUTLOOK =
  'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

export function buildPoxRequest(email: string): string {
  const w = new XmlWriter();
  w.start('Autodiscover', { xmlns: NS_POX_REQUEST }).start('Request');
  w.leaf('EMailAddress', email).leaf('AcceptableResponseSchema', NS_POX_OUTLOOK);
  w.end().end();
  return `<?xml version="1.0" encoding="utf-8"?>${w.toString()}`;
}

export function parsePoxResponse(xml: string | Uint8Array): AutodiscoverOutcome {
  const root = parseXml(xml, { maxBytes: 4 * 1024 * 1024 });
  if (root.local !== 'Autodiscover' || root.ns !== NS_POX_RESPONSE) {
    throw new EwsProtocolError(`Not a POX Autodiscover response: <${root.local}> in "${root.ns}".`);
  }
  const response = root.children.find((c) => c.local === 'Response');
  if (!response) throw new EwsProtocolError('POX Autodiscover response without <Response>.');
  const error = response.children.find((c) => c.local === 'Error');
  if (error) {
    return {
      kind: 'error',
      code: text(error.children.find((c) => c.local === 'ErrorCode')) || 'unknown',
      message: text(error.children.find((c) => c.local === 'Message')),
    };
  }
  const ns = response.ns;
  const account = child(response, ns, 'Account');
  if (!account) throw new EwsProtocolError('POX Autodiscover response without <Account>.');
  const action = text(child(account, ns, 'Action'));
  if (action === 'redirectAddr')
    return { kind: 'redirectAddress', address: text(child(account, ns, 'RedirectAddr')) };
  if (action === 'redirectUrl') return { kind: 'redirectUrl', url: text(child(account, ns, 'RedirectUrl')) };
  const protocols = childrenOf(account, ns, 'Protocol');
  const byType = (t: string): XmlElement | undefined =>
    protocols.find((p) => text(child(p, ns, 'Type')) === t);
  const ewsOf = (p: XmlElement | undefined): string | undefined => {
    if (!p) return undefined;
    return text(child(p, ns, 'EwsUrl')) || text(child(p, ns, 'ASUrl')) || undefined;
  };
  const internal = ewsOf(byType('EXCH'));
  const external = ewsOf(byType('EXPR'));
  const user = child(response, ns, 'User');
  const settings: Record<string, string> = {};
  const put = (k: string, v: string | undefined): void => {
    if (v) settings[k] = v;
  };
  put('InternalEwsUrl', internal);
  put('ExternalEwsUrl', external);
  put('UserDisplayName', user ? text(child(user, ns, 'DisplayName')) : undefined);
  put('AutoDiscoverSMTPAddress', user ? text(child(user, ns, 'AutoDiscoverSMTPAddress')) : undefined);
  put('ServerVersion', text(child(byType('EXCH') ?? account, ns, 'ServerVersion')) || undefined);
  const ewsUrl = internal ?? external;
  return ewsUrl
    ? { kind: 'settings', ewsUrl, settings }
    : { kind: 'error', code: 'ews.no_ews_url', message: 'The response names no EWS URL.' };
}

function text(el: XmlElement | undefined): string {
  return el ? el.text.trim() : '';
}
