// MessageType (types.xsd): ItemType's sequence followed by the message fields.
import { bool, field, str, table, objectCodec, type Codec } from './codec.ts';
import { ITEM_FIELDS, type ItemFields } from './item.ts';
import { recipients, singleRecipient, type EmailAddress } from './email-address.ts';

export interface Message extends ItemFields {
  kind: 'Message';
  sender?: EmailAddress;
  toRecipients?: EmailAddress[];
  ccRecipients?: EmailAddress[];
  bccRecipients?: EmailAddress[];
  isReadReceiptRequested?: boolean;
  isDeliveryReceiptRequested?: boolean;
  conversationTopic?: string;
  from?: EmailAddress;
  internetMessageId?: string;
  isRead?: boolean;
  isResponseRequested?: boolean;
  references?: string;
  replyTo?: EmailAddress[];
  receivedBy?: EmailAddress;
  receivedRepresenting?: EmailAddress;
}

export const messageTable = table([
  ...ITEM_FIELDS,
  field('Sender', 'sender', singleRecipient),
  field('ToRecipients', 'toRecipients', recipients),
  field('CcRecipients', 'ccRecipients', recipients),
  field('BccRecipients', 'bccRecipients', recipients),
  field('IsReadReceiptRequested', 'isReadReceiptRequested', bool),
  field('IsDeliveryReceiptRequested', 'isDeliveryReceiptRequested', bool),
  field('ConversationTopic', 'conversationTopic', str),
  field('From', 'from', singleRecipient),
  field('InternetMessageId', 'internetMessageId', str),
  field('IsRead', 'isRead', bool),
  field('IsResponseRequested', 'isResponseRequested', bool),
  field('References', 'references', str),
  field('ReplyTo', 'replyTo', recipients),
  field('ReceivedBy', 'receivedBy', singleRecipient),
  field('ReceivedRepresenting', 'receivedRepresenting', singleRecipient),
]);

export const messageCodec: Codec<Omit<Message, 'kind'>> = objectCodec(messageTable);
