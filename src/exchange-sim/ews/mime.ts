// MimeContent (IncludeMimeContent=true): an RFC 5322 message built from the item's properties, as Exchange
// converts a MAPI message to MIME for clients such as IMAP gateways.
import { child } from '../../ews/soap/xml-tree.ts';
import { NS_TYPES } from '../../ews/soap/namespaces.ts';
import type { XmlElement } from '../../ews/soap/xml-tree.ts';
import type { StoredItem } from '../mailbox/model.ts';

function encodeHeader(value: string): string {
  // RFC 2047 encoded-word for anything outside printable ASCII.
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`;
}

function mailboxes(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  // From/Sender hold one t:Mailbox, the recipient lists several: both are the element's children.
  const out = el.children.map((m) => {
    const name = child(m, NS_TYPES, 'Name')?.text;
    const addr = child(m, NS_TYPES, 'EmailAddress')?.text ?? '';
    return name ? `${encodeHeader(name)} <${addr}>` : `<${addr}>`;
  });
  return out.length > 0 ? out.join(', ') : undefined;
}

function wrap76(b64: string): string {
  return b64.replace(/(.{76})/g, '$1\r\n');
}

export function mimeOf(item: StoredItem): string {
  const headers: string[] = [];
  const from = mailboxes(item.props.get('From'));
  if (from) headers.push(`From: ${from}`);
  const to = mailboxes(item.props.get('ToRecipients'));
  if (to) headers.push(`To: ${to}`);
  const cc = mailboxes(item.props.get('CcRecipients'));
  if (cc) headers.push(`Cc: ${cc}`);
  headers.push(`Subject: ${encodeHeader(item.props.get('Subject')?.text ?? '')}`);
  headers.push(`Date: ${item.received.toUTCString().replace('GMT', '+0000')}`);
  headers.push(`Message-ID: <voxsync-sim-${item.uid}@exchange-sim>`);
  headers.push('MIME-Version: 1.0');
  const body = item.props.get('Body');
  const html = body?.attrs['BodyType'] === 'HTML';
  const textPart = `Content-Type: text/${html ? 'html' : 'plain'}; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap76(Buffer.from(body?.text ?? '').toString('base64'))}\r\n`;
  if (item.attachments.length === 0) return `${headers.join('\r\n')}\r\n${textPart}`;
  const boundary = `voxsync-${item.uid}-${item.version}`;
  let out = `${headers.join('\r\n')}\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n${textPart}`;
  for (const a of item.attachments) {
    out += `--${boundary}\r\nContent-Type: ${a.contentType}; name="${encodeHeader(a.name)}"\r\nContent-Disposition: ${a.isInline ? 'inline' : 'attachment'}; filename="${encodeHeader(a.name)}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap76(a.content.toString('base64'))}\r\n`;
  }
  return `${out}--${boundary}--\r\n`;
}
