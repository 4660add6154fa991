import type { XmlElement } from '../../../ews/soap/xml-tree.ts';
import type { StoredItem } from '../../mailbox/model.ts';
import type { OpContext } from '../context.ts';
import { resolveItem } from '../context.ts';
import { ItemError } from '../errors.ts';
import { writeItem } from '../item-write.ts';
import type { Shape } from '../shape.ts';

/** An addressed item: a plain item, or (later) one occurrence of a recurring master. */
export interface ResolvedItem {
  readonly item: StoredItem;
  write(shape: Shape): string;
  /** Set when the id names one occurrence: deleting it records a deleted occurrence on the master. */
  readonly deleteOccurrence?: () => void;
}

export function resolveAnyItem(ctx: OpContext, el: XmlElement): ResolvedItem {
  if (el.local === 'ItemId') {
    const item = resolveItem(ctx, el);
    return { item, write: (shape) => writeItem(ctx.mailbox, item, shape, 'get') };
  }
  throw new ItemError('ErrorInvalidIdMalformed', `${el.local} is not supported by this server yet.`);
}
