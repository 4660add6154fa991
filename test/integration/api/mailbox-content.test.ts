import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { eachDatabase } from '../../helpers/databases.ts';
import { z } from 'zod';
import { startApi, type ApiHarness, type Session, withId } from './harness.ts';

// These routes answer with the stored records as they are; the tests name the fields they read.
const contact = z.object({ id: z.string(), surname: z.string().nullable(), jobTitle: z.string().nullable() });
const calendarEvent = z.object({
  id: z.string(),
  subject: z.string(),
  ucLocation: z.string().nullable(),
  recurrence: z
    .object({
      rrule: z.string(),
      deletedOccurrences: z.array(z.string()),
      exceptions: z.array(z.object({ subject: z.string().nullable().optional() })),
    })
    .nullable(),
});
const locationState = z.object({
  location: z.string().nullable(),
  since: z.object({ source: z.string() }).nullable(),
  history: z.array(z.object({ location: z.string() })),
});

await eachDatabase('contacts, calendar and location API', (db) => {
  let api: ApiHarness;
  let mailboxId: string;
  let user: Session;
  before(async () => {
    api = await startApi(db.store);
    const fg = await api.request('POST', '/api/v1/feature-groups', {
      token: api.adminToken,
      json: { name: 'PIM FG' },
    });
    const mb = await api.request('POST', '/api/v1/mailboxes', {
      token: api.adminToken,
      json: { number: '9001', displayName: 'PIM User', featureGroupId: fg.jsonAs(withId).id, pin: '4321' },
    });
    mailboxId = mb.jsonAs(withId).id;
    user = await api.mailboxLogin('9001', '4321');
  });
  after(() => api.close());

  it('contacts: create, read, replace, list, delete; errors name the field', async () => {
    const base = `/api/v1/mailboxes/${mailboxId}/contacts`;
    const body = {
      givenName: 'Jürgen',
      surname: 'Müller-Łukasz',
      company: 'Example AG',
      jobTitle: 'Einkäufer',
      emails: [{ address: 'juergen@example.com' }],
      notes: 'Ruft gern früh an ☎',
    };
    const created = await api.request('POST', base, { session: user, json: body });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.jsonAs(contact).surname, 'Müller-Łukasz');
    const id = created.jsonAs(withId).id;
    const replaced = await api.request('PUT', `${base}/${id}`, {
      session: user,
      json: { ...body, jobTitle: 'Leiter' },
    });
    assert.equal(replaced.status, 200, replaced.text);
    assert.equal(replaced.jsonAs(contact).jobTitle, 'Leiter');
    const list = await api.request('GET', base, { session: user });
    assert.deepEqual(
      list.jsonAs(z.object({ contacts: z.array(withId) })).contacts.map((c) => c.id),
      [id],
    );
    const tooMany = await api.request('POST', base, {
      session: user,
      json: { ...body, emails: ['a', 'b', 'c', 'd'].map((x) => ({ address: `${x}@example.com` })) },
    });
    assert.equal(tooMany.status, 400, tooMany.text);
    assert.equal(tooMany.firstIssue().field, 'emails');
    assert.equal((await api.request('DELETE', `${base}/${id}`, { session: user })).status, 204);
    assert.equal((await api.request('GET', `${base}/${id}`, { session: user })).status, 404);
  });

  it('calendar: a recurring event with an exception and a deleted occurrence round-trips', async () => {
    const base = `/api/v1/mailboxes/${mailboxId}/calendar`;
    const body = {
      subject: 'Réunion hebdo',
      start: '2026-03-02T09:00:00+01:00',
      end: '2026-03-02T10:00:00+01:00',
      timeZone: 'Europe/Paris',
      recurrence: {
        rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=10',
        deletedOccurrences: ['2026-03-09T09:00:00+01:00'],
        exceptions: [
          {
            originalStart: '2026-03-16T09:00:00+01:00',
            start: '2026-03-16T11:00:00+01:00',
            end: '2026-03-16T12:00:00+01:00',
            subject: 'Réunion déplacée',
          },
        ],
      },
      reminderMinutes: 15,
    };
    const created = await api.request('POST', base, { session: user, json: body });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.jsonAs(calendarEvent).ucLocation, 'Meeting');
    const got = await api.request('GET', `${base}/${created.jsonAs(withId).id}`, { session: user });
    const event = got.jsonAs(calendarEvent);
    assert.equal(event.subject, 'Réunion hebdo');
    assert.equal(event.recurrence?.rrule, 'FREQ=WEEKLY;BYDAY=MO;COUNT=10');
    assert.equal(event.recurrence?.deletedOccurrences.length, 1);
    assert.equal(event.recurrence?.exceptions[0]?.subject, 'Réunion déplacée');
    const bad = await api.request('POST', base, {
      session: user,
      json: { ...body, end: '2026-03-02T08:00:00+01:00' },
    });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.firstIssue().field, 'end');
    const list = await api.request('GET', `${base}?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`, {
      session: user,
    });
    assert.equal(list.jsonAs(z.object({ events: z.array(withId) })).events.length, 1);
    assert.equal(
      (await api.request('DELETE', `${base}/${created.jsonAs(withId).id}`, { session: user })).status,
      204,
    );
  });

  it('location: set manually, current value with its source, history', async () => {
    const base = `/api/v1/mailboxes/${mailboxId}/location`;
    assert.equal((await api.request('PUT', base, { session: user, json: { location: 'Home' } })).status, 200);
    assert.equal(
      (await api.request('PUT', base, { session: user, json: { location: 'Office' } })).status,
      200,
    );
    const cur = await api.request('GET', base, { session: user });
    const current = cur.jsonAs(locationState);
    assert.equal(current.location, 'Office');
    assert.equal(current.since?.source, 'manual');
    assert.deepEqual(
      current.history.map((h) => h.location),
      ['Office', 'Home'],
    );
    const bad = await api.request('PUT', base, { session: user, json: { location: '' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.firstIssue().field, 'location');
  });
});
