// Item, folder and occurrence ids and ChangeKeys. Exchange ids are opaque base64 blobs; ours carry a magic, the
// mailbox number and the entry number, so a foreign or damaged id is told apart from one that no longer exists
// (ErrorInvalidIdMalformed vs ErrorItemNotFound, D: responsecode.md).

export type IdKind = 'item' | 'folder' | 'occurrence';
const KIND_BYTE: Record<IdKind, number> = { item: 1, folder: 2, occurrence: 3 };
const MAGIC = 0x5658; // "VX"

export interface DecodedId {
  readonly kind: IdKind;
  readonly mailbox: number;
  readonly entry: number;
  /** 1-based InstanceIndex for occurrence ids, else 0. */
  readonly instance: number;
}

/** Padding makes the ids look and size like Exchange's (clients store them in fixed-width columns). */
const PAD = Buffer.from('AAMkAGVmY2U1ZDEyLTU3YjgtNDJiNS1hOGQ2', 'latin1');

export function encodeId(kind: IdKind, mailbox: number, entry: number, instance = 0): string {
  const b = Buffer.alloc(16 + PAD.length);
  b.writeUInt16BE(MAGIC, 0);
  b.writeUInt8(KIND_BYTE[kind], 2);
  b.writeUInt8(1, 3); // format version
  b.writeUInt32BE(mailbox, 4);
  b.writeUInt32BE(entry, 8);
  b.writeUInt32BE(instance, 12);
  PAD.copy(b, 16);
  return b.toString('base64');
}

/** Attachment ids reuse the occurrence layout with InstanceIndex = ATTACHMENT_BASE + attachment number. */
export const ATTACHMENT_BASE = 0x10000;

/** Returns undefined for anything that is not one of our ids (malformed). */
export function decodeId(id: string): DecodedId | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(id)) return undefined;
  const b = Buffer.from(id, 'base64');
  if (b.length !== 16 + PAD.length || b.readUInt16BE(0) !== MAGIC || b.readUInt8(3) !== 1) return undefined;
  const kindByte = b.readUInt8(2);
  const kind = (Object.keys(KIND_BYTE) as IdKind[]).find((k) => KIND_BYTE[k] === kindByte);
  if (!kind) return undefined;
  return { kind, mailbox: b.readUInt32BE(4), entry: b.readUInt32BE(8), instance: b.readUInt32BE(12) };
}

export interface DecodedAttachmentId {
  readonly mailbox: number;
  /** uid of the item holding the attachment (stable across moves, unlike the entry). */
  readonly itemUid: number;
  readonly attachmentNo: number;
}

/** The attachment an id names, or undefined when the id is well formed but not an attachment id. */
export function attachmentOf(d: DecodedId): DecodedAttachmentId | undefined {
  if (d.kind !== 'occurrence' || d.instance <= ATTACHMENT_BASE) return undefined;
  return { mailbox: d.mailbox, itemUid: d.entry, attachmentNo: d.instance - ATTACHMENT_BASE };
}

const CK_MAGIC = 0x434b; // "CK"

/** ChangeKey = entry + version; every modification bumps the version. */
export function encodeChangeKey(entry: number, version: number): string {
  const b = Buffer.alloc(12);
  b.writeUInt16BE(CK_MAGIC, 0);
  b.writeUInt16BE(1, 2);
  b.writeUInt32BE(entry, 4);
  b.writeUInt32BE(version, 8);
  return b.toString('base64');
}

export function decodeChangeKey(ck: string): { entry: number; version: number } | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(ck)) return undefined;
  const b = Buffer.from(ck, 'base64');
  if (b.length !== 12 || b.readUInt16BE(0) !== CK_MAGIC) return undefined;
  return { entry: b.readUInt32BE(4), version: b.readUInt32BE(8) };
}
