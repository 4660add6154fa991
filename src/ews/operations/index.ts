// Every operation, by name; the transport and the simulator can dispatch on `name`.
import { convertId } from './convert-id.ts';
import { copyItem } from './copy-item.ts';
import { createAttachment } from './create-attachment.ts';
import { createFolder } from './create-folder.ts';
import { createItem } from './create-item.ts';
import { deleteAttachment } from './delete-attachment.ts';
import { deleteFolder } from './delete-folder.ts';
import { deleteItem } from './delete-item.ts';
import { exportItems } from './export-items.ts';
import { findFolder } from './find-folder.ts';
import { findItem } from './find-item.ts';
import { getAttachment } from './get-attachment.ts';
import { getEvents } from './get-events.ts';
import { getFolder } from './get-folder.ts';
import { getItem } from './get-item.ts';
import { getStreamingEvents } from './get-streaming-events.ts';
import { moveItem } from './move-item.ts';
import { resolveNames } from './resolve-names.ts';
import { sendItem } from './send-item.ts';
import { subscribe } from './subscribe.ts';
import { syncFolderHierarchy } from './sync-folder-hierarchy.ts';
import { syncFolderItems } from './sync-folder-items.ts';
import { unsubscribe } from './unsubscribe.ts';
import { updateItem } from './update-item.ts';
import { uploadItems } from './upload-items.ts';

export const OPERATIONS = {
  ConvertId: convertId,
  CopyItem: copyItem,
  CreateAttachment: createAttachment,
  CreateFolder: createFolder,
  CreateItem: createItem,
  DeleteAttachment: deleteAttachment,
  DeleteFolder: deleteFolder,
  DeleteItem: deleteItem,
  ExportItems: exportItems,
  FindFolder: findFolder,
  FindItem: findItem,
  GetAttachment: getAttachment,
  GetEvents: getEvents,
  GetFolder: getFolder,
  GetItem: getItem,
  GetStreamingEvents: getStreamingEvents,
  MoveItem: moveItem,
  ResolveNames: resolveNames,
  SendItem: sendItem,
  Subscribe: subscribe,
  SyncFolderHierarchy: syncFolderHierarchy,
  SyncFolderItems: syncFolderItems,
  Unsubscribe: unsubscribe,
  UpdateItem: updateItem,
  UploadItems: uploadItems,
} as const;

export type OperationName = keyof typeof OPERATIONS;
