import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, NotFoundError, ValidationError } from '../../../src/domain/index.ts';
import { MailboxService } from '../../../src/services/mailboxes.ts';
import { eachDatabase } from '../../helpers/databases.ts';
import { syncSetup } from '../../helpers/fixtures.ts';

let now = Date.parse('2026-04-01T08:00:00Z');
const clock = () => new Date((now += 1000));

await eachDatabase(
  'contacts, calendar and location',
  (t) => {
    it('keeps every contact field, including non-ASCII text', async () => {
      const { mailbox } = await syncSetup(t.store);
      const input = {
        givenName: 'Zoë',
        middleName: 'Ł.',
        surname: 'Ångström-Müller',
        nickname: '零',
        company: 'Façade GmbH',
        department: 'R&D',
        jobTitle: 'Ingénieure',
        emails: [
          { address: 'zoe@example.com', name: 'Zoë (work)' },
          { address: 'z@example.org' },
          { address: 'zz@example.net' },
        ],
        phones: [
          { kind: 'business' as const, number: '+49 30 1234' },
          { kind: 'mobile' as const, number: '+49 170 555' },
        ],
        addresses: [
          {
            kind: 'business' as const,
            street: 'Straße 1\n2. OG',
            city: 'Berlin',
            postalCode: '10115',
            country: 'Deutschland',
          },
        ],
        notes: 'Line 1\nLine 2 — 🎧',
      };
      const c = await t.store.contacts.create(mailbox.id, input);
      const back = await t.store.contacts.get(mailbox.id, c.id);
      assert.equal(back.surname, input.surname);
      assert.equal(back.notes, input.notes);
      assert.deepEqual(back.emails, [
        // Unplaced addresses keep no Exchange slot; the connector fills the first free one.
        { address: 'zoe@example.com', name: 'Zoë (work)', slot: null },
        { address: 'z@example.org', name: null, slot: null },
        { address: 'zz@example.net', name: null, slot: null },
      ]);
      assert.deepEqual(back.phones, input.phones);
      assert.equal(back.addresses[0]?.street, 'Straße 1\n2. OG');
      const replaced = await t.store.contacts.replace(mailbox.id, c.id, { givenName: 'Zoe' });
      assert.deepEqual([replaced.givenName, replaced.surname, replaced.emails.length], ['Zoe', null, 0]);
      assert.equal((await t.store.contacts.list(mailbox.id)).length, 1);
      await t.store.contacts.delete(mailbox.id, c.id);
      await assert.rejects(
        t.store.contacts.get(mailbox.id, c.id),
        (e: unknown) => e instanceof NotFoundError && e.code === ErrorCodes.contactNotFound,
      );
      await assert.rejects(t.store.contacts.create('no-such-mailbox', { givenName: 'X' }), NotFoundError);
      await assert.rejects(t.store.contacts.create(mailbox.id, { notes: 'nobody' }), ValidationError);
    });

    it('keeps a recurring event with exceptions and deleted occurrences', async () => {
      const { mailbox } = await syncSetup(t.store);
      const e = await t.store.calendar.create(mailbox.id, {
        subject: 'Réunion hebdo',
        start: '2026-04-06T09:00:00+02:00',
        end: '2026-04-06T10:00:00+02:00',
        timeZone: 'Europe/Paris',
        location: 'Salle 3',
        reminderMinutes: 15,
        recurrence: {
          rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260629T070000Z',
          deletedOccurrences: ['2026-04-13T09:00:00+02:00'],
          exceptions: [
            {
              originalStart: '2026-04-20T09:00:00+02:00',
              start: '2026-04-20T11:00:00+02:00',
              end: '2026-04-20T12:00:00+02:00',
              location: 'Salle 5',
              busyStatus: 'tentative',
            },
          ],
        },
      });
      const back = await t.store.calendar.get(mailbox.id, e.id);
      assert.equal(back.start, '2026-04-06T07:00:00.000Z');
      assert.equal(back.ucLocation, 'Meeting');
      assert.equal(back.busyStatus, 'busy');
      assert.deepEqual(back.recurrence, {
        rrule: 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260629T070000Z',
        deletedOccurrences: ['2026-04-13T07:00:00.000Z'],
        exceptions: [
          {
            originalStart: '2026-04-20T07:00:00.000Z',
            subject: null,
            start: '2026-04-20T09:00:00.000Z',
            end: '2026-04-20T10:00:00.000Z',
            location: 'Salle 5',
            busyStatus: 'tentative',
          },
        ],
      });
      const single = await t.store.calendar.create(mailbox.id, {
        subject: 'Dentist',
        start: '2026-05-01T14:00:00Z',
        end: '2026-05-01T15:00:00Z',
        ucLocation: 'Out of office',
      });
      const allDay = await t.store.calendar.create(mailbox.id, {
        subject: 'Holiday',
        allDay: true,
        start: '2026-05-08',
        end: '2026-05-09',
      });
      // A window in May: the series (always included, to be expanded), the dentist, not the holiday after it.
      const may1 = await t.store.calendar.list(mailbox.id, {
        from: '2026-05-01T00:00:00.000Z',
        to: '2026-05-02T00:00:00.000Z',
      });
      assert.deepEqual(may1.map((x) => x.id).sort(), [e.id, single.id].sort());
      assert.equal((await t.store.calendar.list(mailbox.id)).length, 3);
      const moved = await t.store.calendar.replace(mailbox.id, allDay.id, {
        subject: 'Holiday',
        allDay: true,
        start: '2026-05-11',
        end: '2026-05-12',
        busyStatus: 'oof',
      });
      assert.deepEqual(
        [moved.start, moved.busyStatus, moved.createdAt],
        ['2026-05-11', 'oof', allDay.createdAt],
      );
      await t.store.calendar.delete(mailbox.id, single.id);
      await assert.rejects(t.store.calendar.get(mailbox.id, single.id), NotFoundError);
      await assert.rejects(
        t.store.calendar.create(mailbox.id, {
          subject: 'x',
          start: '2026-05-01T15:00:00Z',
          end: '2026-05-01T14:00:00Z',
        }),
        (err: unknown) =>
          err instanceof ValidationError &&
          err.code === ErrorCodes.calendarEndBeforeStart &&
          err.field === 'end',
      );
    });

    it('sets the UC location with its source and keeps the history', async () => {
      const { mailbox } = await syncSetup(t.store);
      assert.deepEqual(await t.store.locations.current(mailbox.id), { location: null, since: null });
      await t.store.locations.set(mailbox.id, { location: 'Office' });
      const ev = await t.store.calendar.create(mailbox.id, {
        subject: 'Review',
        start: '2026-05-01T14:00:00Z',
        end: '2026-05-01T15:00:00Z',
      });
      const byCalendar = await t.store.locations.set(mailbox.id, {
        location: 'Meeting',
        source: 'calendar',
        calendarEventId: ev.id,
      });
      const cur = await t.store.locations.current(mailbox.id);
      assert.equal(cur.location, 'Meeting');
      assert.deepEqual(cur.since, byCalendar);
      assert.equal((await t.store.mailboxes.get(mailbox.id)).ucLocation, 'Meeting');
      await new MailboxService(t.store).update(mailbox.id, { ucLocation: 'Home' });
      const history = await t.store.locations.history(mailbox.id);
      assert.deepEqual(
        history.map((h) => [h.location, h.source]),
        [
          ['Home', 'manual'],
          ['Meeting', 'calendar'],
          ['Office', 'manual'],
        ],
      );
      await assert.rejects(t.store.locations.set(mailbox.id, { location: '' }), ValidationError);
      await assert.rejects(t.store.locations.set('no-such-mailbox', { location: 'Office' }), NotFoundError);
    });
  },
  { store: { clock } },
);
