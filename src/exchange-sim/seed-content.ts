// Pre-filled mailbox content for load tests (seed counts): received messages, contacts, calendar items.
import type { Mailbox } from './mailbox/mailbox.ts';
import { typesElement } from './xml/write-element.ts';
import type { XmlElement } from '../ews/soap/xml-tree.ts';

function props(entries: [string, string][]): Map<string, XmlElement> {
  return new Map(entries.map(([k, v]) => [k, typesElement(k, v)]));
}

export function prefill(
  mb: Mailbox,
  counts: { messages: number; contacts: number; calendarItems: number },
): void {
  const inbox = mb.distinguished('inbox')!;
  const base = Date.UTC(2026, 0, 5, 9, 0, 0);
  for (let i = 0; i < counts.messages; i++) {
    const m = props([
      ['Subject', `Seed message ${i + 1}`],
      ['ItemClass', 'IPM.Note'],
    ]);
    m.set('Body', typesElement('Body', `Body of seed message ${i + 1}`, { BodyType: 'Text' }));
    mb.createItem(inbox, {
      kind: 'Message',
      element: 'Message',
      props: m,
      extended: new Map(),
      isRead: i % 2 === 0,
      messageFlags: i % 2 === 0 ? 1 : 0,
      received: new Date(base + i * 60_000),
    });
  }
  const contacts = mb.distinguished('contacts')!;
  for (let i = 0; i < counts.contacts; i++) {
    const c = props([
      ['GivenName', `Given${i + 1}`],
      ['Surname', `Seed${i + 1}`],
      ['DisplayName', `Given${i + 1} Seed${i + 1}`],
    ]);
    c.set(
      'EmailAddresses',
      typesElement('EmailAddresses', '', {}, [
        typesElement('Entry', `contact${i + 1}@example.net`, { Key: 'EmailAddress1' }),
      ]),
    );
    mb.createItem(contacts, {
      kind: 'Contact',
      element: 'Contact',
      props: c,
      extended: new Map(),
      isRead: true,
      messageFlags: 1,
    });
  }
  const calendar = mb.distinguished('calendar')!;
  for (let i = 0; i < counts.calendarItems; i++) {
    const start = new Date(base + i * 86_400_000);
    const end = new Date(start.getTime() + 3_600_000);
    const c = props([
      ['Subject', `Seed meeting ${i + 1}`],
      ['Start', start.toISOString()],
      ['End', end.toISOString()],
      ['LegacyFreeBusyStatus', 'Busy'],
    ]);
    mb.createItem(calendar, {
      kind: 'CalendarItem',
      element: 'CalendarItem',
      props: c,
      extended: new Map(),
      isRead: true,
      messageFlags: 1,
    });
  }
}
