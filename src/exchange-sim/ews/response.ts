// Response-message building blocks shared by the operations (XSD ResponseMessageType).
import { escapeText } from '../../ews/soap/xml-writer.ts';
import { ItemError } from './errors.ts';

export function success(name: string, inner = ''): string {
  return `<m:${name} ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>${inner}</m:${name}>`;
}

export function failure(name: string, err: ItemError, inner = ''): string {
  return `<m:${name} ResponseClass="Error"><m:MessageText>${escapeText(err.message)}</m:MessageText><m:ResponseCode>${err.responseCode}</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>${inner}</m:${name}>`;
}

/** Runs each input through `fn`; an ItemError becomes that input's error message, others propagate. */
export function perItem<T>(
  inputs: readonly T[],
  name: string,
  fn: (input: T) => string,
  errorInner = '',
): string {
  let out = '';
  for (const input of inputs) {
    try {
      out += success(name, fn(input));
    } catch (err) {
      if (err instanceof ItemError) out += failure(name, err, errorInner);
      else throw err;
    }
  }
  return out;
}

export function wrap(operation: string, messages: string): string {
  return `<m:${operation}Response><m:ResponseMessages>${messages}</m:ResponseMessages></m:${operation}Response>`;
}
