// EmailAddressType (`t:Mailbox`) and the recipient wrappers built on it.
import { NS_TYPES } from '../soap/namespaces.ts';
import { child, type XmlElement } from '../soap/xml-tree.ts';
import type { XmlWriter } from '../soap/xml-writer.ts';
import { field, objectCodec, str, enumCodec, table, type Codec } from './codec.ts';
import type { ItemId } from './ids.ts';

export type MailboxType =
  | 'Unknown'
  | 'OneOff'
  | 'Mailbox'
  | 'PublicDL'
  | 'PrivateDL'
  | 'Contact'
  | 'PublicFolder'
  | 'GroupMailbox'
  | 'ImplicitContact'
  | 'User';

export interface EmailAddress {
  name?: string;
  emailAddress?: string;
  routingType?: string;
  mailboxType?: MailboxType;
  itemId?: ItemId;
  originalDisplayName?: string;
}

// ItemId's codec lives in ids.ts which imports this module; a local copy avoids the import cycle.
const localItemId: Codec<ItemId> = {
  read: (el) => {
    const ck = el.attrs['ChangeKey'];
    const id = el.attrs['Id'] ?? '';
    return ck === undefined ? { id } : { id, changeKey: ck };
  },
  write: (w, q, v) => void w.empty(q, { Id: v.id, ChangeKey: v.changeKey }),
};

const mailboxTable = table([
  field('Name', 'name', str),
  field('EmailAddress', 'emailAddress', str),
  field('RoutingType', 'routingType', str),
  field('MailboxType', 'mailboxType', enumCodec<MailboxType>()),
  field('ItemId', 'itemId', localItemId),
  field('OriginalDisplayName', 'originalDisplayName', str),
]);

export const mailboxCodec: Codec<EmailAddress> = objectCodec<EmailAddress>(mailboxTable);

export function readMailbox(el: XmlElement): EmailAddress {
  return mailboxCodec.read(el);
}

export function writeMailbox(w: XmlWriter, qname: string, value: EmailAddress): void {
  mailboxCodec.write(w, qname, value);
}

/** SingleRecipientType: `<t:From><t:Mailbox>...</t:Mailbox></t:From>`. */
export const singleRecipient: Codec<EmailAddress> = {
  read: (el) => {
    const mb = child(el, NS_TYPES, 'Mailbox');
    return mb === undefined ? {} : readMailbox(mb);
  },
  write: (w, q, v) => {
    w.start(q);
    writeMailbox(w, 't:Mailbox', v);
    w.end();
  },
};

/** ArrayOfRecipientsType: any number of `t:Mailbox`. */
export const recipients: Codec<EmailAddress[]> = {
  read: (el) => el.children.filter((c) => c.ns === NS_TYPES && c.local === 'Mailbox').map(readMailbox),
  write: (w, q, v) => {
    w.start(q);
    for (const m of v) writeMailbox(w, 't:Mailbox', m);
    w.end();
  },
};
