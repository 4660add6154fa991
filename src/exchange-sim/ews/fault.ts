import { NS_ERRORS, NS_SOAP, NS_TYPES } from '../../ews/soap/namespaces.ts';
import { escapeText } from '../../ews/soap/xml-writer.ts';
import type { ServerVersionInfo } from '../../ews/soap/envelope.ts';
import type { SimFault } from './errors.ts';

const LEAF_VALUES = new Set(['LineNumber', 'LinePosition', 'Violation']);

function versionHeader(v: ServerVersionInfo | undefined): string {
  if (!v) return '';
  return `<s:Header><t:ServerVersionInfo MajorVersion="${v.majorVersion}" MinorVersion="${v.minorVersion}" MajorBuildNumber="${v.majorBuildNumber}" MinorBuildNumber="${v.minorBuildNumber}" Version="${v.version}"/></s:Header>`;
}

/**
 * The SOAP Fault as Exchange writes it (samples/Fault-response-*.xml): faultcode in the types namespace,
 * detail with e:ResponseCode, e:Message and t:MessageXml. Schema errors carry LineNumber/LinePosition/
 * Violation leaves; throttling carries `<t:Value Name="BackOffMilliseconds">`.
 */
export function faultEnvelope(f: SimFault, version: ServerVersionInfo | undefined): string {
  let mx = '';
  const entries = Object.entries(f.messageXml);
  if (entries.length > 0) {
    mx = '<t:MessageXml>';
    for (const [k, v] of entries) {
      mx += LEAF_VALUES.has(k)
        ? `<t:${k}>${escapeText(v)}</t:${k}>`
        : `<t:Value Name="${k}">${escapeText(v)}</t:Value>`;
    }
    mx += '</t:MessageXml>';
  }
  const header = f.responseCode === 'ErrorSchemaValidation' ? '' : versionHeader(version);
  return (
    `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${NS_SOAP}" xmlns:t="${NS_TYPES}" xmlns:e="${NS_ERRORS}">${header}<s:Body><s:Fault>` +
    `<faultcode>t:${f.responseCode}</faultcode><faultstring xml:lang="en-US">${escapeText(f.message)}</faultstring>` +
    `<detail><e:ResponseCode>${f.responseCode}</e:ResponseCode><e:Message>${escapeText(f.message)}</e:Message>${mx}</detail></s:Fault></s:Body></s:Envelope>`
  );
}
