// Public surface of the connectors layer.
export { createConnector, type MailServerConnector, type ConnectorOptions } from './connector.ts';
export {
  CONNECTION_STEPS,
  type ConnectionStep,
  type ConnectionTestOptions,
  type ConnectionTestReport,
  type StepResult,
  type StepStatus,
} from './connection-test.ts';
export {
  resolveCredentials,
  type ConnectorCredentials,
  type CredentialChoice,
  type CredentialSource,
} from './credentials.ts';
export {
  findPresentedCertificate,
  inspectPresentedChain,
  type PresentedCertificate,
  type PresentedChainReport,
} from './certificates.ts';
export {
  CertificateChangedError,
  CertificateNotPresentedError,
  ConnectorConfigurationError,
  ConnectorError,
  ConnectorUnavailableError,
  EndpointUnreachableError,
} from './errors.ts';
export { EwsConnector } from './ews/ews-connector.ts';
