// Builds the CreateItem input that deposits a voice message into a user's Exchange inbox the way
// Exchange unified messaging would: a received (not draft) message of the UM voicemail class with one
// audio attachment and the UM properties, plus voxsync's message id so it can be found again.
import { EwsRequestError } from '../errors.ts';
import type { Message } from '../types/message.ts';
import type { EmailAddress } from '../types/email-address.ts';
import type { BaseFolderId } from '../types/ids.ts';
import type { ExtendedProperty } from '../types/extended-properties.ts';
import type { CreateItemInput } from '../operations/create-item.ts';
import { stripInvalidXmlChars } from '../soap/xml-writer.ts';
import {
  MSGFLAG_READ,
  PID_TAG_CALL_ID,
  PID_TAG_SENDER_TELEPHONE_NUMBER,
  PID_TAG_VOICE_MESSAGE_ATTACHMENT_ORDER,
  PID_TAG_VOICE_MESSAGE_DURATION,
  PID_TAG_VOICE_MESSAGE_SENDER_NAME,
  PR_CLIENT_SUBMIT_TIME,
  PR_MESSAGE_DELIVERY_TIME,
  PR_MESSAGE_FLAGS,
  VOICEMAIL_ITEM_CLASS,
  VOXSYNC_MESSAGE_ID,
} from './properties.ts';

/** The audio file type of a voicemail's attachment, as Exchange UM names them (not an encoder choice). */
export type VoicemailAudioType = 'mp3' | 'wav' | 'wma' | 'gsm' | 'ogg' | 'm4a';

export const AUDIO_CONTENT_TYPES: Readonly<Record<VoicemailAudioType, string>> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  wma: 'audio/x-ms-wma',
  gsm: 'audio/gsm',
  ogg: 'audio/ogg',
  m4a: 'audio/mp4',
};

export interface VoiceMessage {
  /** voxsync's id, stored in the VoxsyncMessageId named property. */
  voxsyncMessageId: string;
  /** As the PBX delivered it, e.g. "+1 555 0100"; undefined when the caller withheld it. */
  callerNumber?: string;
  callerName?: string;
  /** The caller's mailbox, when the PBX resolved one: becomes the From. */
  callerAddress?: EmailAddress;
  durationSeconds: number;
  receivedAt: Date;
  callId?: string;
  audio: { data: Uint8Array; format: VoicemailAudioType; fileName?: string };
  urgent?: boolean;
  private?: boolean;
  /** Default false: a new voice message is unread. */
  read?: boolean;
  /** The mailbox owner, shown as To. */
  recipient?: EmailAddress;
}

/** "0:42", "12:05", "1:02:03". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** PBX-supplied text is untrusted: characters XML cannot carry are dropped rather than failing the deposit. */
function clean(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const c = stripInvalidXmlChars(s).trim();
  return c === '' ? undefined : c;
}

function callerLabel(v: VoiceMessage): string {
  return clean(v.callerName) ?? clean(v.callerNumber) ?? 'Unknown caller';
}

export function voicemailSubject(v: VoiceMessage): string {
  return `Voice Mail from ${callerLabel(v)} (${formatDuration(v.durationSeconds)})`;
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The body Outlook UM users know: who called, the number, the length, when. */
export function voicemailBody(v: VoiceMessage): string {
  const name = clean(v.callerName);
  const number = clean(v.callerNumber);
  const rows: [string, string][] = [];
  if (name !== undefined) rows.push(['Caller', name]);
  rows.push(['Caller-Id', number ?? 'Unavailable']);
  rows.push(['Duration', formatDuration(v.durationSeconds)]);
  rows.push(['Received', v.receivedAt.toISOString()]);
  const table = rows.map(([k, val]) => `<tr><td>${k}:</td><td>${htmlEscape(val)}</td></tr>`).join('');
  return (
    `<html><body><p>You received a voice mail from ${htmlEscape(callerLabel(v))}.</p>` +
    `<table>${table}</table><p>Play the attached audio file to listen to the message.</p></body></html>`
  );
}

export function voicemailFileName(v: VoiceMessage): string {
  const explicit = clean(v.audio.fileName);
  if (explicit !== undefined) return explicit;
  const stamp = v.receivedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `voicemail-${stamp}.${v.audio.format}`;
}

export function buildVoicemailMessage(v: VoiceMessage): Message {
  if (!Number.isFinite(v.durationSeconds) || v.durationSeconds < 0) {
    throw new EwsRequestError(
      `A voice message duration must be a non-negative number, got ${v.durationSeconds}.`,
    );
  }
  if (v.voxsyncMessageId === '') throw new EwsRequestError('A voice message needs its voxsync message id.');
  if (Number.isNaN(v.receivedAt.getTime()))
    throw new EwsRequestError('A voice message needs a valid receivedAt.');
  const fileName = voicemailFileName(v);
  const received = v.receivedAt.toISOString();
  const props: ExtendedProperty[] = [
    { uri: PR_MESSAGE_FLAGS, value: String(v.read === true ? MSGFLAG_READ : 0) },
    { uri: PR_MESSAGE_DELIVERY_TIME, value: received },
    { uri: PR_CLIENT_SUBMIT_TIME, value: received },
    { uri: PID_TAG_VOICE_MESSAGE_DURATION, value: String(Math.round(v.durationSeconds)) },
    { uri: PID_TAG_VOICE_MESSAGE_ATTACHMENT_ORDER, value: fileName },
    { uri: VOXSYNC_MESSAGE_ID, value: v.voxsyncMessageId },
  ];
  const number = clean(v.callerNumber);
  if (number !== undefined) props.push({ uri: PID_TAG_SENDER_TELEPHONE_NUMBER, value: number });
  const name = clean(v.callerName);
  if (name !== undefined) props.push({ uri: PID_TAG_VOICE_MESSAGE_SENDER_NAME, value: name });
  const callId = clean(v.callId);
  if (callId !== undefined) props.push({ uri: PID_TAG_CALL_ID, value: callId });

  const message: Message = {
    kind: 'Message',
    itemClass: VOICEMAIL_ITEM_CLASS,
    subject: voicemailSubject(v),
    sensitivity: v.private === true ? 'Private' : 'Normal',
    body: { bodyType: 'HTML', value: voicemailBody(v) },
    attachments: [
      {
        kind: 'file',
        name: fileName,
        contentType: AUDIO_CONTENT_TYPES[v.audio.format],
        content: v.audio.data,
      },
    ],
    importance: v.urgent === true ? 'High' : 'Normal',
    extendedProperties: props,
    isRead: v.read === true,
  };
  if (v.recipient !== undefined) message.toRecipients = [v.recipient];
  if (v.callerAddress !== undefined) message.from = v.callerAddress;
  return message;
}

/** CreateItem input: SaveOnly into the inbox (or `folder`), so the message is stored, never sent. */
export function buildVoicemailCreateItem(
  v: VoiceMessage,
  folder: BaseFolderId = { distinguished: 'inbox' },
): CreateItemInput {
  return { items: [buildVoicemailMessage(v)], savedItemFolderId: folder, messageDisposition: 'SaveOnly' };
}
