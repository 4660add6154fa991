// Namespace URIs used by EWS. Real Exchange accepts only the http:// forms; the docs site renders some as
// https://, which is a rendering bug (EWS-PROTOCOL.md section 0).
export const NS_SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
export const NS_TYPES = 'http://schemas.microsoft.com/exchange/services/2006/types';
export const NS_MESSAGES = 'http://schemas.microsoft.com/exchange/services/2006/messages';
export const NS_ERRORS = 'http://schemas.microsoft.com/exchange/services/2006/errors';
export const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';
export const NS_XML = 'http://www.w3.org/XML/1998/namespace';
export const NS_XMLNS = 'http://www.w3.org/2000/xmlns/';

/** The prefixes voxsync writes. Parsers never rely on them: lookups go by namespace URI + local name. */
export const PREFIX = { soap: 's', types: 't', messages: 'm', errors: 'e', xsi: 'xsi' } as const;
