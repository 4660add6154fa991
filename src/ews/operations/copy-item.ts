// CopyItem: the copy's id comes back in m:Items.
import { moveCopy } from './move-copy.ts';
export type {
  MoveCopyItemInput as CopyItemInput,
  MoveCopyItemOutput as CopyItemOutput,
} from './move-copy.ts';

export const copyItem = moveCopy('CopyItem');
