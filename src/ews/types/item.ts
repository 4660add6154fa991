// ItemType: the fields every item kind shares, in types.xsd sequence order.
import {
  bool,
  dateTime,
  enumCodec,
  field,
  int,
  str,
  stringArray,
  objectCodec,
  table,
  type Codec,
  type Field,
} from './codec.ts';
import { itemIdCodec, type ItemId } from './ids.ts';
import { attachmentsCodec, type Attachment } from './attachments.ts';
import { extendedPropertyCodec, type ExtendedProperty } from './extended-properties.ts';
import { boolAttr } from './codec.ts';

export type Sensitivity = 'Normal' | 'Personal' | 'Private' | 'Confidential';
export type Importance = 'Low' | 'Normal' | 'High';
export type BodyType = 'HTML' | 'Text';

export interface Body {
  bodyType: BodyType;
  value: string;
  isTruncated?: boolean;
}

export const bodyCodec: Codec<Body> = {
  read: (el) => {
    const b: Body = { bodyType: (el.attrs['BodyType'] ?? 'Text') as BodyType, value: el.text };
    const t = boolAttr(el.attrs['IsTruncated']);
    if (t !== undefined) b.isTruncated = t;
    return b;
  },
  write: (w, q, v) => void w.leaf(q, v.value, { BodyType: v.bodyType, IsTruncated: v.isTruncated }),
};

export interface ItemFields {
  itemId?: ItemId;
  parentFolderId?: ItemId;
  itemClass?: string;
  subject?: string;
  sensitivity?: Sensitivity;
  body?: Body;
  attachments?: Attachment[];
  dateTimeReceived?: string;
  size?: number;
  categories?: string[];
  importance?: Importance;
  inReplyTo?: string;
  isSubmitted?: boolean;
  isDraft?: boolean;
  isFromMe?: boolean;
  isResend?: boolean;
  isUnmodified?: boolean;
  dateTimeSent?: string;
  dateTimeCreated?: string;
  reminderDueBy?: string;
  reminderIsSet?: boolean;
  reminderMinutesBeforeStart?: number;
  displayCc?: string;
  displayTo?: string;
  displayBcc?: string;
  hasAttachments?: boolean;
  extendedProperties?: ExtendedProperty[];
  culture?: string;
  lastModifiedName?: string;
  lastModifiedTime?: string;
  isAssociated?: boolean;
  conversationId?: ItemId;
  preview?: string;
}

/** ItemType's sequence (the subset voxsync models, order preserved). Subtypes append their own fields. */
export const ITEM_FIELDS: readonly Field[] = [
  field('ItemId', 'itemId', itemIdCodec),
  field('ParentFolderId', 'parentFolderId', itemIdCodec),
  field('ItemClass', 'itemClass', str),
  field('Subject', 'subject', str),
  field('Sensitivity', 'sensitivity', enumCodec<Sensitivity>()),
  field('Body', 'body', bodyCodec),
  field('Attachments', 'attachments', attachmentsCodec),
  field('DateTimeReceived', 'dateTimeReceived', dateTime),
  field('Size', 'size', int),
  field('Categories', 'categories', stringArray),
  field('Importance', 'importance', enumCodec<Importance>()),
  field('InReplyTo', 'inReplyTo', str),
  field('IsSubmitted', 'isSubmitted', bool),
  field('IsDraft', 'isDraft', bool),
  field('IsFromMe', 'isFromMe', bool),
  field('IsResend', 'isResend', bool),
  field('IsUnmodified', 'isUnmodified', bool),
  field('DateTimeSent', 'dateTimeSent', dateTime),
  field('DateTimeCreated', 'dateTimeCreated', dateTime),
  field('ReminderDueBy', 'reminderDueBy', dateTime),
  field('ReminderIsSet', 'reminderIsSet', bool),
  field('ReminderMinutesBeforeStart', 'reminderMinutesBeforeStart', int),
  field('DisplayCc', 'displayCc', str),
  field('DisplayTo', 'displayTo', str),
  field('DisplayBcc', 'displayBcc', str),
  field('HasAttachments', 'hasAttachments', bool),
  field('ExtendedProperty', 'extendedProperties', extendedPropertyCodec, true),
  field('Culture', 'culture', str),
  field('LastModifiedName', 'lastModifiedName', str),
  field('LastModifiedTime', 'lastModifiedTime', dateTime),
  field('IsAssociated', 'isAssociated', bool),
  field('ConversationId', 'conversationId', itemIdCodec),
  field('Preview', 'preview', str),
];

export const itemTable = table(ITEM_FIELDS);
export const genericItemCodec = objectCodec<ItemFields>(itemTable);
