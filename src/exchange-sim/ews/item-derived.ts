// Item properties Exchange derives from an item's state rather than storing what a client wrote (clients
// cannot set them): sizes, the calendar UID, DisplayTo/DisplayCc, the message flags IsFromMe / IsResend /
// IsUnmodified, the caller's EffectiveRights, LastModifiedName, ConversationId. Shared by whole items
// (item-write.ts) and calendar occurrences, which carry their master's values.
import { createHash } from 'node:crypto';
import { NS_TYPES } from '../../ews/soap/namespaces.ts';
import { child, type XmlElement } from '../../ews/soap/xml-tree.ts';
import type { Mailbox } from '../mailbox/mailbox.ts';
import type { Attachment, StoredItem } from '../mailbox/model.ts';
import { computedXml } from './computed.ts';

export function contentSize(props: ReadonlyMap<string, XmlElement>): number {
  let n = 200;
  for (const p of props.values()) n += JSON.stringify(p).length / 2;
  return n;
}

export function attachmentSize(a: Attachment): number {
  return a.kind === 'file' ? a.content.length : Math.round(contentSize(a.item.props));
}

export function itemSize(item: StoredItem): number {
  let n = contentSize(item.props);
  for (const a of item.attachments) n += attachmentSize(a);
  return Math.round(n);
}

/** The owner's rights on an item of their own mailbox (no delegates: nothing else is modelled). */
const OWNER_ITEM_RIGHTS = {
  createAssociated: false,
  createContents: false,
  createHierarchy: false,
  delete: true,
  modify: true,
  read: true,
  viewPrivateItems: true,
} as const;

// PR_MESSAGE_FLAGS bits (MS-OXCMSG 2.2.1.6).
const MSGFLAG_UNSENT = 0x8;
const MSGFLAG_RESEND = 0x80;

/** The class id every Outlook/Exchange GlobalObjectId starts with (MS-OXOCAL PidLidGlobalObjectId). */
const GLOBAL_OBJECT_ID_PREFIX = '040000008200E00074C5B7101A82E008';

/**
 * A calendar item's UID when the client set none: Exchange generates a global object id, written as the
 * hex of the Outlook GlobalObjectId (its fixed class id prefix, then an id of the item), stable for the item.
 */
export function calendarUid(mailbox: Mailbox, item: StoredItem): string {
  const stored = item.props.get('UID')?.text;
  if (stored) return stored;
  const id = createHash('sha256').update(`${mailbox.smtp}\0${item.uid}`).digest('hex').slice(0, 32);
  return `${GLOBAL_OBJECT_ID_PREFIX}${'0'.repeat(32)}10000000${id.toUpperCase()}`;
}

/** Display names of a recipient or attendee list ("Ada Lovelace; bob@x.test"), as DisplayTo/DisplayCc. */
function displayList(list: XmlElement | undefined): string {
  const names: string[] = [];
  for (const entry of list?.children ?? []) {
    // Recipients are t:Mailbox; attendees are t:Attendee holding t:Mailbox.
    const mbx = entry.local === 'Attendee' ? child(entry, NS_TYPES, 'Mailbox') : entry;
    if (!mbx) continue;
    const name =
      child(mbx, NS_TYPES, 'Name')?.text.trim() || child(mbx, NS_TYPES, 'EmailAddress')?.text.trim();
    if (name) names.push(name);
  }
  return names.join('; ');
}

function senderAddress(item: StoredItem): string | undefined {
  for (const p of ['From', 'Sender']) {
    const mbx = item.props.get(p)?.children[0];
    const addr = mbx && child(mbx, NS_TYPES, 'EmailAddress')?.text.trim();
    if (addr) return addr.toLowerCase();
  }
  return undefined;
}

/** ConversationId: from the ConversationIndex header the client sent (replies share it), else the item's own. */
function conversationId(mailbox: Mailbox, item: StoredItem): { id: string } {
  const index = item.props.get('ConversationIndex')?.text.trim();
  const header = index
    ? Buffer.from(index, 'base64').subarray(0, 22).toString('hex')
    : `${mailbox.no}:${item.uid}`;
  const digest = createHash('sha256').update(`conversation\0${header}`).digest().subarray(0, 16);
  // Shaped like Exchange's: a base64 store id with a fixed prefix (clients treat it as opaque).
  return { id: Buffer.concat([Buffer.from([0x01, 0x00, 0x10, 0x00]), digest]).toString('base64') };
}

/**
 * The derived properties of `item` (XML by element name) for `mailbox`'s owner; only those `wanted` are
 * computed (a Default-shape FindItem page does not pay for rights, names and hashes it does not return).
 */
export function derivedProperties(
  mailbox: Mailbox,
  item: StoredItem,
  wanted: (name: string) => boolean = () => true,
): Map<string, string> {
  const out = new Map<string, string>();
  const put = (name: string, value: unknown | (() => unknown)): void => {
    if (item.props.has(name) || !wanted(name)) return;
    out.set(name, computedXml(item.kind, name, typeof value === 'function' ? value() : value));
  };
  const message = item.kind === 'Message';
  const draft = message && (item.messageFlags & MSGFLAG_UNSENT) !== 0;
  put('IsFromMe', () => senderAddress(item) === mailbox.smtp.toLowerCase());
  put('IsResend', message && (item.messageFlags & MSGFLAG_RESEND) !== 0);
  // A received or sent message nobody changed since it arrived in this folder (a move keeps it unmodified).
  put('IsUnmodified', message && !draft && item.seqContent === item.seqEntered);
  if (item.kind === 'Message') {
    put('DisplayCc', () => displayList(item.props.get('CcRecipients')));
    put('DisplayTo', () => displayList(item.props.get('ToRecipients')));
  } else if (item.kind === 'CalendarItem') {
    put('DisplayCc', () => displayList(item.props.get('OptionalAttendees')));
    put('DisplayTo', () => displayList(item.props.get('RequiredAttendees')));
  }
  put('Culture', 'en-US');
  put('EffectiveRights', { ...OWNER_ITEM_RIGHTS });
  put('LastModifiedName', mailbox.displayName);
  put('IsAssociated', false);
  if (message) put('ConversationId', () => conversationId(mailbox, item));
  if (item.kind === 'CalendarItem') put('UID', () => calendarUid(mailbox, item));
  return out;
}

/** Derived properties Exchange leaves out of the Default shape (returned for AllProperties or by name). */
export const DERIVED_NOT_IN_DEFAULT: ReadonlySet<string> = new Set([
  'IsFromMe',
  'IsResend',
  'IsUnmodified',
  'DisplayCc',
  'DisplayTo',
  'Culture',
  'EffectiveRights',
  'LastModifiedName',
  'IsAssociated',
  'ConversationId',
]);
