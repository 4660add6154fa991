import { buildFaultEnvelope, type ServerVersionInfo } from '../../ews/soap/envelope.ts';
import type { SimFault } from './errors.ts';

/**
 * The SOAP Fault as Exchange writes it (samples/Fault-response-*.xml), by the shared fault writer. A schema
 * fault has no ServerVersionInfo header: Exchange rejects the request before it knows the version.
 */
export function faultEnvelope(f: SimFault, version: ServerVersionInfo | undefined): string {
  return buildFaultEnvelope({
    responseCode: f.responseCode,
    messageText: f.message,
    messageXml: f.messageXml,
    ...(f.responseCode === 'ErrorSchemaValidation' || version === undefined
      ? {}
      : { serverVersion: version }),
  });
}
