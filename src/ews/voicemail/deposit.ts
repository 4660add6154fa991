// Depositing a voice message and making sure its audio is there. A real non-Microsoft EWS server dropped
// FileAttachments sent inline in CreateItem and still answered NoError: the voicemail landed without
// audio and nothing noticed. So after CreateItem the item's attachments are read back (GetItem with
// item:HasAttachments and item:Attachments); when the audio is missing it is added with
// CreateAttachment and read back again; if it is still missing the deposit fails with a typed error.
import type { EwsClient, CallOptions } from '../client.ts';
import { EwsError, EwsProtocolError, EwsRequestError } from '../errors.ts';
import { createItem } from '../operations/create-item.ts';
import { createAttachment } from '../operations/create-attachment.ts';
import { getItem } from '../operations/get-item.ts';
import { unwrapOne } from '../operations/operation.ts';
import type { FileAttachment } from '../types/attachments.ts';
import type { BaseFolderId, ItemId } from '../types/ids.ts';
import type { ItemShape } from '../types/shapes.ts';
import { buildVoicemailCreateItem, type VoiceMessage } from './voicemail-item.ts';

/** The voicemail was stored but its audio attachment is missing even after CreateAttachment. */
export class VoicemailAudioMissingError extends EwsError {
  declare readonly code: 'ews.voicemail_audio_missing';
  readonly itemId: ItemId;
  readonly fileName: string;
  constructor(itemId: ItemId, fileName: string) {
    super(
      'ews.voicemail_audio_missing',
      `The voice message was stored but its audio attachment "${fileName}" is missing even after adding it with CreateAttachment; the server drops attachments.`,
    );
    this.itemId = itemId;
    this.fileName = fileName;
  }
}

export interface DepositedVoicemail {
  /** The item with its latest ChangeKey (CreateAttachment changes it). */
  readonly itemId: ItemId;
  /** How the audio got there: inline with CreateItem, or added afterwards with CreateAttachment. */
  readonly audio: 'inline' | 'createAttachment';
  /** The audio attachment as the server lists it (id, name, size). */
  readonly attachment: FileAttachment;
}

export interface DepositOptions extends CallOptions {
  /** Default the inbox. */
  readonly folder?: BaseFolderId;
}

const ATTACHMENTS_SHAPE: ItemShape = {
  baseShape: 'IdOnly',
  additionalProperties: [{ fieldUri: 'item:HasAttachments' }, { fieldUri: 'item:Attachments' }],
};

/** The audio attachment the server lists for the item, by file name (undefined when absent). */
export async function findAudioAttachment(
  client: EwsClient,
  itemId: ItemId,
  fileName: string,
  options: CallOptions = {},
): Promise<{ itemId: ItemId; attachment: FileAttachment | undefined }> {
  const item = unwrapOne(
    await client.call(getItem, { itemIds: [itemId], shape: ATTACHMENTS_SHAPE }, options),
  );
  const current = item.itemId ?? itemId;
  // HasAttachments false is decisive; when a server omits it, the attachment list decides.
  if (item.hasAttachments === false) return { itemId: current, attachment: undefined };
  const attachment = (item.attachments ?? []).find(
    (a): a is FileAttachment => a.kind === 'file' && a.name === fileName,
  );
  return { itemId: current, attachment };
}

/**
 * CreateItem (SaveOnly) of the voice message, then verification of its audio attachment, adding it
 * with CreateAttachment when the server dropped it. Throws VoicemailAudioMissingError when even that
 * does not make it appear; EWS errors of the calls are thrown as they are.
 */
export async function depositVoicemail(
  client: EwsClient,
  message: VoiceMessage,
  options: DepositOptions = {},
): Promise<DepositedVoicemail> {
  const { folder, ...call } = options;
  const input = buildVoicemailCreateItem(message, folder);
  const audio = input.items[0]?.attachments?.[0];
  if (audio === undefined || audio.kind !== 'file' || audio.name === undefined)
    throw new EwsRequestError('The voice message has no audio attachment to deposit.');
  const created = unwrapOne(await client.call(createItem, input, call)).itemId;
  if (created === undefined) throw new EwsProtocolError('CreateItem answered without the new item id.');
  const first = await findAudioAttachment(client, created, audio.name, call);
  if (first.attachment !== undefined)
    return { itemId: first.itemId, audio: 'inline', attachment: first.attachment };

  const added = unwrapOne(
    await client.call(createAttachment, { parentItemId: first.itemId, attachments: [audio] }, call),
  );
  const parent: ItemId =
    added.rootItemId !== undefined
      ? { id: added.rootItemId, changeKey: added.rootItemChangeKey }
      : first.itemId;
  const second = await findAudioAttachment(client, parent, audio.name, call);
  if (second.attachment === undefined) throw new VoicemailAudioMissingError(second.itemId, audio.name);
  return { itemId: second.itemId, audio: 'createAttachment', attachment: second.attachment };
}
