// Local delivery of a sent message: every To/Cc/Bcc recipient with a mailbox on this server gets a received,
// unread copy in its Inbox (with the attachments), once per mailbox; other addresses leave the organisation
// and are not tracked. The one delivery path of SendItem and of CreateItem's SendOnly/SendAndSaveCopy.
import { child, type XmlElement } from '../../ews/soap/xml-tree.ts';
import { NS_TYPES } from '../../ews/soap/namespaces.ts';
import type { Mailbox, NewItem } from '../mailbox/mailbox.ts';
import type { NewAttachment } from './item-parse.ts';
import type { SimState } from '../state.ts';
import { typesElement } from '../xml/write-element.ts';

const RECIPIENT_LISTS = ['ToRecipients', 'CcRecipients', 'BccRecipients'] as const;

/** SMTP addresses of a message's recipients, in list order, without duplicates (case-insensitive). */
export function recipientAddresses(props: ReadonlyMap<string, XmlElement>): string[] {
  const out = new Map<string, string>();
  for (const list of RECIPIENT_LISTS) {
    for (const m of props.get(list)?.children ?? []) {
      const addr = child(m, NS_TYPES, 'EmailAddress')?.text.trim();
      if (addr && !out.has(addr.toLowerCase())) out.set(addr.toLowerCase(), addr);
    }
  }
  return [...out.values()];
}

function fromElement(sender: Mailbox): XmlElement {
  return typesElement('From', '', {}, [
    typesElement('Mailbox', '', {}, [
      typesElement('Name', sender.displayName),
      typesElement('EmailAddress', sender.smtp),
      typesElement('RoutingType', 'SMTP'),
    ]),
  ]);
}

/** A message being sent: a stored draft (SendItem) or the content of a CreateItem request. */
export type OutgoingMessage = Pick<NewItem, 'kind' | 'element' | 'props' | 'extended'> & {
  readonly attachments: readonly NewAttachment[];
};

/** Delivers `item` (a message of `sender`) to the local recipients; returns the mailboxes reached. */
export function deliverLocally(sim: SimState, sender: Mailbox, item: OutgoingMessage): Mailbox[] {
  const reached: Mailbox[] = [];
  for (const addr of recipientAddresses(item.props)) {
    const target = sim.mailbox(addr);
    if (!target || reached.includes(target)) continue;
    reached.push(target);
    const props = new Map(item.props);
    if (!props.has('From')) props.set('From', fromElement(sender));
    const copy = target.createItem(target.distinguished('inbox')!, {
      kind: item.kind,
      element: item.element,
      props,
      extended: new Map([...item.extended].map(([k, v]) => [k, { uri: v.uri, value: v.value }])),
      isRead: false,
      // PR_MESSAGE_FLAGS 0: received (not unsent), unread.
      messageFlags: 0,
    });
    copy.attachments = item.attachments.map((a) => ({ ...a, no: copy.nextAttachmentNo++ }));
  }
  return reached;
}
