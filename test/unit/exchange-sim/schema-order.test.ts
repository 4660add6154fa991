// The simulator writes stored properties in the order of its schema-order tables; the voxsync client's
// typed codecs write in the order of their field tables. Both read types.xsd's sequences, so they must
// agree wherever they overlap (the simulator's tables are the complete ones: see schema-order.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { itemTable } from '../../../src/ews/types/item.ts';
import { messageTable } from '../../../src/ews/types/message.ts';
import { contactTable } from '../../../src/ews/types/contact.ts';
import { calendarTable } from '../../../src/ews/types/calendar.ts';
import { ITEM_ORDER, type ItemKind } from '../../../src/exchange-sim/mailbox/schema-order.ts';
import type { FieldTable } from '../../../src/ews/types/codec.ts';

const TABLES: [ItemKind, FieldTable][] = [
  ['Item', itemTable],
  ['Message', messageTable],
  ['Contact', contactTable],
  ['CalendarItem', calendarTable],
];

for (const [kind, table] of TABLES) {
  test(`${kind}: every field the shared codec writes is known to the simulator, in the same order`, () => {
    const order = ITEM_ORDER[kind];
    const names = table.fields.map((f) => f.xml);
    assert.deepEqual(
      names.filter((n) => !order.has(n)),
      [],
      'fields the simulator would write out of order',
    );
    const positions = names.map((n) => order.get(n)!);
    assert.deepEqual(
      positions,
      [...positions].sort((a, b) => a - b),
      'the shared table and the simulator order disagree',
    );
  });
}
