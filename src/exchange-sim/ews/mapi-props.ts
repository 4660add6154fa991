// MAPI properties a store computes, for clients that ask for them by tag (DavMail reads folder counts,
// change tags and IMAP UIDs this way). Values follow MS-OXPROPS; the simulator derives them from its model.
import type { Folder, StoredItem } from '../mailbox/model.ts';
import { isoSeconds } from './computed.ts';

const iso = isoSeconds;

/** Value of a computed folder property by tag, or undefined when the simulator does not compute it. */
export function folderTag(f: Folder, tag: number): string | undefined {
  switch (tag) {
    case 0x3602: // PidTagContentCount
      return String(f.items.size);
    case 0x3603: {
      // PidTagContentUnreadCount
      let n = 0;
      for (const i of f.items.values()) if (!i.isRead) n++;
      return String(n);
    }
    case 0x360a: // PidTagSubfolders
      return String(f.children.length > 0);
    case 0x3613: // PidTagContainerClass
      return f.folderClass || undefined;
    case 0x3008: // PidTagLastModificationTime
    case 0x670a: {
      // PidTagLocalCommitTimeMax: changes whenever the folder's contents change (clients use it as a ctag).
      let latest = 0;
      for (const i of f.items.values()) latest = Math.max(latest, i.modified.getTime());
      return iso(
        new Date(Math.max(latest, Date.UTC(2026, 0, 1) + f.seqChanged * 1000 + f.tombstones.length * 1000)),
      );
    }
    case 0x10f3: // PidTagUrlCompName
      return f.displayName;
  }
  return undefined;
}

/** Value of a computed item property by tag. */
export function itemTag(item: StoredItem, tag: number, size: number): string | undefined {
  switch (tag) {
    case 0x0e06: // PidTagMessageDeliveryTime
      return iso(item.received);
    case 0x0e08: // PidTagMessageSize
      return String(size);
    case 0x3008: // PidTagLastModificationTime
      return iso(item.modified);
    case 0x0e23: // PidTagInternetArticleNumber: stable per item, what IMAP gateways use as UID
      return String(item.uid);
    case 0x0ff9: // PidTagRecordKey
      return Buffer.from(`voxsync-item-${item.uid}`).toString('base64');
    case 0x10f3: // PidTagUrlCompName
      return `${item.props.get('Subject')?.text ?? 'item'}-${item.uid}.EML`;
  }
  return undefined;
}
