// MimeContent (IncludeMimeContent=true): an RFC 5322 message built from the item's properties, as Exchange
// converts a MAPI message to MIME for clients such as IMAP gateways.
import { child } from '../../ews/soap/xml-tree.ts';
import { NS_TYPES } from '../../ews/soap/namespaces.ts';
import type { XmlElement } from '../../ews/soap/xml-tree.ts';
import type { Attachment, StoredItem } from '../mailbox/model.ts';

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

interface MimeSource {
  readonly props: ReadonlyMap<string, XmlElement>;
  readonly date: Date;
  readonly messageId: string;
  readonly attachments: readonly Attachment[];
  readonly boundary: string;
}

export function mimeOf(item: StoredItem): string {
  return mime({
    props: item.props,
    date: item.received,
    messageId: `voxsync-sim-${item.uid}`,
    attachments: item.attachments,
    boundary: `voxsync-${item.uid}-${item.version}`,
  });
}

function mime(item: MimeSource): string {
  const headers: string[] = [];
  const from = mailboxes(item.props.get('From'));
  if (from) headers.push(`From: ${from}`);
  const to = mailboxes(item.props.get('ToRecipients'));
  if (to) headers.push(`To: ${to}`);
  const cc = mailboxes(item.props.get('CcRecipients'));
  if (cc) headers.push(`Cc: ${cc}`);
  headers.push(`Subject: ${encodeHeader(item.props.get('Subject')?.text ?? '')}`);
  headers.push(`Date: ${item.date.toUTCString().replace('GMT', '+0000')}`);
  headers.push(`Message-ID: <${item.messageId}@exchange-sim>`);
  headers.push('MIME-Version: 1.0');
  const body = item.props.get('Body');
  const html = body?.attrs['BodyType'] === 'HTML';
  const textPart = `Content-Type: text/${html ? 'html' : 'plain'}; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap76(Buffer.from(body?.text ?? '').toString('base64'))}\r\n`;
  if (item.attachments.length === 0) return `${headers.join('\r\n')}\r\n${textPart}`;
  const boundary = item.boundary;
  let out = `${headers.join('\r\n')}\r\nContent-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n--${boundary}\r\n${textPart}`;
  for (const a of item.attachments) {
    const disposition = `${a.isInline ? 'inline' : 'attachment'}; filename="${encodeHeader(a.name)}"`;
    if (a.kind === 'item') {
      // An attached item travels as an embedded message (RFC 2046 section 5.2.1).
      const inner = mime({
        props: a.item.props,
        date: a.item.created,
        messageId: `${item.messageId}-${a.no}`,
        attachments: [],
        boundary: `${boundary}-${a.no}`,
      });
      out += `--${boundary}\r\nContent-Type: message/rfc822\r\nContent-Disposition: ${disposition}\r\n\r\n${inner}\r\n`;
      continue;
    }
    out += `--${boundary}\r\nContent-Type: ${a.contentType}; name="${encodeHeader(a.name)}"\r\nContent-Disposition: ${disposition}\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap76(a.content.toString('base64'))}\r\n`;
  }
  return `${out}--${boundary}--\r\n`;
}

/** vCard text and iCalendar escaping (RFC 6350 / RFC 5545: backslash, comma, semicolon, newline). */
function escapeText(v: string): string {
  return v.replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
}

const prop = (item: StoredItem, name: string): string | undefined =>
  item.props.get(name)?.text.trim() || undefined;

/** A contact as Exchange's MimeContent gives it: a vCard 3.0 of its names, addresses and numbers. */
function vcardOf(item: StoredItem): string {
  const lines = ['BEGIN:VCARD', 'VERSION:3.0'];
  const fn = prop(item, 'DisplayName') ?? prop(item, 'FileAs') ?? prop(item, 'Subject') ?? '';
  lines.push(`FN:${escapeText(fn)}`);
  lines.push(
    `N:${[prop(item, 'Surname'), prop(item, 'GivenName'), prop(item, 'MiddleName')].map((v) => escapeText(v ?? '')).join(';')};;`,
  );
  const org = prop(item, 'CompanyName');
  if (org) lines.push(`ORG:${escapeText(org)}`);
  const title = prop(item, 'JobTitle');
  if (title) lines.push(`TITLE:${escapeText(title)}`);
  for (const e of item.props.get('EmailAddresses')?.children ?? [])
    if (e.text.trim()) lines.push(`EMAIL;TYPE=INTERNET:${e.text.trim()}`);
  for (const p of item.props.get('PhoneNumbers')?.children ?? [])
    if (p.text.trim()) lines.push(`TEL;TYPE=${(p.attrs['Key'] ?? 'other').toUpperCase()}:${p.text.trim()}`);
  lines.push('END:VCARD');
  return `${lines.join('\r\n')}\r\n`;
}

const icalTime = (iso: string | undefined): string | undefined => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t)
    ? undefined
    : new Date(t)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
};

/** A calendar item as Exchange's MimeContent gives it: an iCalendar object with one VEVENT. */
function icalendarOf(item: StoredItem, uid: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'METHOD:PUBLISH',
    'PRODID:-//voxsync//Exchange simulator//EN',
    'VERSION:2.0',
  ];
  lines.push('BEGIN:VEVENT', `UID:${uid}`, `SUMMARY:${escapeText(prop(item, 'Subject') ?? '')}`);
  const start = icalTime(prop(item, 'Start'));
  const end = icalTime(prop(item, 'End'));
  if (start) lines.push(`DTSTART:${start}`);
  if (end) lines.push(`DTEND:${end}`);
  const location = prop(item, 'Location');
  if (location) lines.push(`LOCATION:${escapeText(location)}`);
  lines.push(`DTSTAMP:${icalTime(item.created.toISOString())}`, 'END:VEVENT', 'END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * MimeContent of any item: RFC 5322 for messages (and other mail-like items), a vCard for a contact, an
 * iCalendar object for a calendar item, as Exchange converts them.
 */
export function mimeContentOf(item: StoredItem, calendarUid: string): string {
  if (item.kind === 'Contact') return vcardOf(item);
  if (item.kind === 'CalendarItem') return icalendarOf(item, calendarUid);
  return mimeOf(item);
}
