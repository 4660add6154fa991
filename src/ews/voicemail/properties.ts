// The MAPI properties a unified-messaging voice message carries, and voxsync's own named property.
// Tags and types: MS-OXPROPS / MS-OXOUM (EWS-PROTOCOL.md sections 9 and 10).
import type { ExtendedFieldUri } from '../types/extended-properties.ts';

/** Item class Exchange UM gives call-answering voice mail; Outlook's voicemail views key off the prefix. */
export const VOICEMAIL_ITEM_CLASS = 'IPM.Note.Microsoft.Voicemail.UM.CA';

/** PR_MESSAGE_FLAGS: written at creation so the item is a received message, not a draft. */
export const PR_MESSAGE_FLAGS: ExtendedFieldUri = { propertyTag: 0x0e07, propertyType: 'Integer' };
export const MSGFLAG_READ = 0x1;
/** Never set: it would make the item a draft. */
export const MSGFLAG_UNSENT = 0x8;

/** PR_MESSAGE_DELIVERY_TIME: what Outlook shows as "Received". */
export const PR_MESSAGE_DELIVERY_TIME: ExtendedFieldUri = { propertyTag: 0x0e06, propertyType: 'SystemTime' };
/** PR_CLIENT_SUBMIT_TIME: "Sent". */
export const PR_CLIENT_SUBMIT_TIME: ExtendedFieldUri = { propertyTag: 0x0039, propertyType: 'SystemTime' };

/** PidTagVoiceMessageDuration, seconds. */
export const PID_TAG_VOICE_MESSAGE_DURATION: ExtendedFieldUri = {
  propertyTag: 0x6801,
  propertyType: 'Integer',
};
/** PidTagSenderTelephoneNumber: the caller's number. */
export const PID_TAG_SENDER_TELEPHONE_NUMBER: ExtendedFieldUri = {
  propertyTag: 0x6802,
  propertyType: 'String',
};
/** PidTagVoiceMessageSenderName. */
export const PID_TAG_VOICE_MESSAGE_SENDER_NAME: ExtendedFieldUri = {
  propertyTag: 0x6803,
  propertyType: 'String',
};
/** PidTagVoiceMessageAttachmentOrder: file name(s) of the audio attachment(s), ';'-separated. */
export const PID_TAG_VOICE_MESSAGE_ATTACHMENT_ORDER: ExtendedFieldUri = {
  propertyTag: 0x6805,
  propertyType: 'String',
};
/** PidTagCallId. */
export const PID_TAG_CALL_ID: ExtendedFieldUri = { propertyTag: 0x6806, propertyType: 'String' };

/** voxsync's property set, generated once; never change it or existing items can no longer be found. */
export const VOXSYNC_PROPERTY_SET_ID = 'ded64970-a964-467c-9164-33d054004047';

/** The one named property holding voxsync's message id (one fixed name: named properties use up the
 * mailbox's named-property quota). */
export const VOXSYNC_MESSAGE_ID: ExtendedFieldUri = {
  propertySetId: VOXSYNC_PROPERTY_SET_ID,
  propertyName: 'VoxsyncMessageId',
  propertyType: 'String',
};
