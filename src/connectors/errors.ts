// Errors of the connector layer: a stable `code` for programs and a sentence for the administrator.
// They never carry credentials; account names are fine, passwords never appear.

export class ConnectorError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The endpoint is of a kind voxsync accepts in its model but cannot talk to yet (IMAP). */
export class ConnectorUnavailableError extends ConnectorError {
  readonly kind: string;
  constructor(kind: string) {
    super(
      'connector.not_available',
      `The ${kind.toUpperCase()} connector is not available yet; only Exchange Web Services (ews:) endpoints can be used.`,
    );
    this.kind = kind;
  }
}

/** The configuration does not let the connector authenticate (no account, no password, no OAuth setup...). */
export class ConnectorConfigurationError extends ConnectorError {}

/** The server presents a certificate other than the one(s) trusted for the endpoint. */
export class CertificateChangedError extends ConnectorError {
  readonly trusted: readonly string[];
  readonly presented: readonly string[];
  constructor(host: string, trusted: readonly string[], presented: readonly string[], cause?: unknown) {
    super(
      'connector.certificate_changed',
      `The mail server ${host} presents a different TLS certificate than the one trusted for this endpoint: ` +
        `trusted SHA-256 ${trusted.join(' or ')}, presented ${presented.join(' / ') || 'none'}. ` +
        'Inspect the new certificate and trust it if it is genuine.',
      cause === undefined ? undefined : { cause },
    );
    this.trusted = trusted;
    this.presented = presented;
  }
}

/** The presented chain holds no certificate with the fingerprint the administrator asked to trust. */
export class CertificateNotPresentedError extends ConnectorError {
  readonly presented: readonly string[];
  constructor(fingerprint: string, presented: readonly string[]) {
    super(
      'connector.certificate_not_presented',
      `The server does not present a certificate with SHA-256 ${fingerprint}; it presents ${presented.join(' / ') || 'none'}.`,
    );
    this.presented = presented;
  }
}

/** The server could not be reached to read its certificate (DNS, refused, timeout, no TLS). */
export class EndpointUnreachableError extends ConnectorError {}
