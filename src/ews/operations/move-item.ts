// MoveItem: the moved item gets a new Id (EWS ids are folder-bound).
import { moveCopy } from './move-copy.ts';
export type {
  MoveCopyItemInput as MoveItemInput,
  MoveCopyItemOutput as MoveItemOutput,
} from './move-copy.ts';

export const moveItem = moveCopy('MoveItem');
