import ICAL from 'ical.js';
import type { z } from 'zod';
import { contactInputSchema, contactLabel, type ContactData, type ContactInput } from '../contact.ts';
import { blocks, contentLines, lineOf, type Block } from './content-lines.ts';
import { InterchangeCodes, InterchangeError } from './errors.ts';
import {
  ADDRESS_TYPES,
  PHONE_TYPES,
  addressKindForTypes,
  isPhoneKind,
  phoneKindsForTypes,
} from './vcard-kinds.ts';

/** A contact read from a vCard: its UID (null when the card has none) and the model input. */
export interface ImportedContact {
  readonly uid: string | null;
  readonly line: number;
  readonly contact: ContactInput;
  /** What the model could not hold (a fourth e-mail, a repeated phone kind...). */
  readonly dropped: readonly string[];
}

const KIND_PARAM = 'x-voxsync-kind';
const NAME_PARAM = 'x-voxsync-name';
/** Exchange's e-mail slot (1..3) of an address, so a contact's "E-mail 2" comes back as "E-mail 2". */
const SLOT_PARAM = 'x-voxsync-slot';

/** Serializes contacts as one vCard 4.0 (RFC 6350) stream; `uid` is voxsync's contact id. */
export function contactsToVCard(contacts: readonly (ContactData & { id: string })[]): string {
  return contacts.map(contactToVCard).join('');
}

function slotOf(p: InstanceType<typeof ICAL.Property>): 1 | 2 | 3 | null {
  const slot = Number(p.getParameter(SLOT_PARAM));
  return slot === 1 || slot === 2 || slot === 3 ? slot : null;
}

function contactToVCard(c: ContactData & { id: string }): string {
  const card = new ICAL.Component(['vcard', [], []]);
  card.addPropertyWithValue('version', '4.0');
  card.addPropertyWithValue('uid', c.id);
  card.addPropertyWithValue('fn', contactLabel(c));
  const n = new ICAL.Property('n', card);
  n.setValue([c.surname ?? '', c.givenName ?? '', c.middleName ?? '', '', '']);
  card.addProperty(n);
  if (c.nickname !== null) card.addPropertyWithValue('nickname', c.nickname);
  if (c.company !== null || c.department !== null) {
    const org = new ICAL.Property('org', card);
    org.setValue(c.department !== null ? [c.company ?? '', c.department] : [c.company ?? '']);
    card.addProperty(org);
  }
  if (c.jobTitle !== null) card.addPropertyWithValue('title', c.jobTitle);
  c.emails.forEach((e, i) => {
    const p = card.addPropertyWithValue('email', e.address);
    p.setParameter('pref', String(i + 1));
    if (e.name !== null) p.setParameter(NAME_PARAM, e.name);
    if ((e.slot ?? null) !== null) p.setParameter(SLOT_PARAM, String(e.slot));
  });
  for (const ph of c.phones) {
    const p = new ICAL.Property('tel', card);
    p.setValue(ph.number);
    p.setParameter('value', 'text');
    p.setParameter('type', [...PHONE_TYPES[ph.kind]]);
    p.setParameter(KIND_PARAM, ph.kind);
    card.addProperty(p);
  }
  for (const a of c.addresses) {
    const p = new ICAL.Property('adr', card);
    p.setValue(['', '', a.street ?? '', a.city ?? '', a.state ?? '', a.postalCode ?? '', a.country ?? '']);
    const type = ADDRESS_TYPES[a.kind];
    if (type !== null) p.setParameter('type', type);
    p.setParameter(KIND_PARAM, a.kind);
    card.addProperty(p);
  }
  if (c.notes !== null) card.addPropertyWithValue('note', c.notes);
  return card.toString() + '\r\n';
}

/**
 * Reads a vCard 4.0 or 3.0 stream. Every card is checked against the contact model; the first
 * refusal throws with the file, line and property, so an import can refuse the whole file.
 */
export function parseVCards(text: string, file = 'contacts.vcf'): ImportedContact[] {
  return blocks(contentLines(text, file), 'VCARD', file).map((b) => parseCard(b, file));
}

function parseCard(block: Block, file: string): ImportedContact {
  let card: InstanceType<typeof ICAL.Component>;
  try {
    card = new ICAL.Component(ICAL.parse(block.text) as unknown as unknown[]);
  } catch (err) {
    throw new InterchangeError(
      InterchangeCodes.syntax,
      { file, line: block.startLine },
      `ical.js could not read this vCard: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const version = text(card, 'version');
  if (version !== '4.0' && version !== '3.0') {
    throw new InterchangeError(
      InterchangeCodes.property,
      { file, line: lineOf(block, 'VERSION'), property: 'VERSION' },
      `VERSION must be 4.0 or 3.0, found ${version === null ? 'none' : `"${version}"`}.`,
    );
  }
  const dropped: string[] = [];
  const n = structured(card, 'n');
  const org = structured(card, 'org');
  const emailProps = card
    .getAllProperties('email')
    .map((p, i) => ({ p, i, pref: prefOf(p) }))
    .sort((a, b) => a.pref - b.pref || a.i - b.i);
  if (emailProps.length > 3) dropped.push(`${emailProps.length - 3} e-mail address(es) beyond the third`);
  const phones: ContactData['phones'] = [];
  card.getAllProperties('tel').forEach((p) => {
    const number = String(p.getFirstValue() ?? '')
      .replace(/^tel:/i, '')
      .trim();
    if (number === '') return;
    const exact = p.getParameter(KIND_PARAM);
    const wanted = typeof exact === 'string' && isPhoneKind(exact) ? [exact] : phoneKindsForTypes(typesOf(p));
    const kind = wanted.find((k) => !phones.some((x) => x.kind === k));
    if (kind === undefined) dropped.push(`phone ${number} (its kind is already taken)`);
    else phones.push({ kind, number });
  });
  const addresses: ContactData['addresses'] = [];
  card.getAllProperties('adr').forEach((p) => {
    const exact = p.getParameter(KIND_PARAM);
    const kind =
      exact === 'business' || exact === 'home' || exact === 'other' ? exact : addressKindForTypes(typesOf(p));
    const v = (p.getFirstValue() as unknown as unknown[] | null) ?? [];
    const part = (i: number) => {
      const s = v[i];
      const joined = Array.isArray(s) ? s.join(',') : typeof s === 'string' ? s : '';
      return joined === '' ? null : joined;
    };
    const street = [part(0), part(1), part(2)].filter((s) => s !== null).join('\n') || null;
    if (addresses.some((a) => a.kind === kind)) dropped.push(`a second ${kind} address`);
    else
      addresses.push({
        kind,
        street,
        city: part(3),
        state: part(4),
        postalCode: part(5),
        country: part(6),
      });
  });
  const draft: ContactData = {
    givenName: nonEmpty(n[1]),
    middleName: nonEmpty(n[2]),
    surname: nonEmpty(n[0]),
    nickname: text(card, 'nickname'),
    displayName: null,
    company: nonEmpty(org[0]),
    department: nonEmpty(org.slice(1).join(';')),
    jobTitle: text(card, 'title'),
    emails: emailProps.slice(0, 3).map(({ p }, i, all) => {
      const name = p.getParameter(NAME_PARAM);
      const slot = slotOf(p);
      // A slot taken by an earlier address (a hand-edited file) is left for the connector to assign.
      const taken = all.slice(0, i).some((o) => slotOf(o.p) === slot);
      return {
        address: String(p.getFirstValue() ?? '').replace(/^mailto:/i, ''),
        name: strOrNull(name),
        slot: taken ? null : slot,
      };
    }),
    phones,
    addresses,
    notes: text(card, 'note'),
  };
  // FN is required in vCard, while voxsync's display name is optional: a FN equal to the label
  // voxsync derives from the other fields means "no explicit display name".
  const fn = text(card, 'fn');
  const contact: ContactInput = {
    ...draft,
    displayName: fn !== null && fn !== contactLabel(draft) ? fn : null,
  };
  const checked = contactInputSchema.safeParse(contact);
  if (!checked.success) throw modelError(checked.error, block, file);
  const uid = text(card, 'uid');
  return { uid: uid?.replace(/^urn:uuid:/i, '') ?? null, line: block.startLine, contact, dropped };
}

const FIELD_PROPERTY: Record<string, string> = {
  givenName: 'N',
  middleName: 'N',
  surname: 'N',
  nickname: 'NICKNAME',
  displayName: 'FN',
  company: 'ORG',
  department: 'ORG',
  jobTitle: 'TITLE',
  emails: 'EMAIL',
  phones: 'TEL',
  addresses: 'ADR',
  notes: 'NOTE',
};

function modelError(error: z.ZodError, block: Block, file: string): InterchangeError {
  const issue = error.issues[0];
  const field = String(issue?.path[0] ?? '');
  const property = FIELD_PROPERTY[field] ?? 'FN';
  const nth = typeof issue?.path[1] === 'number' ? issue.path[1] : 0;
  return new InterchangeError(
    InterchangeCodes.model,
    { file, line: lineOf(block, property, nth), property },
    `the contact is refused: ${issue?.message ?? 'invalid'}`,
  );
}

function text(card: InstanceType<typeof ICAL.Component>, name: string): string | null {
  const v = card.getFirstPropertyValue(name);
  if (v === null || v === undefined) return null;
  const s = (Array.isArray(v) ? v.join(',') : String(v as unknown)).trim();
  return s === '' ? null : s;
}

function structured(card: InstanceType<typeof ICAL.Component>, name: string): string[] {
  const v = card.getFirstPropertyValue(name) as unknown;
  if (v === null || v === undefined) return [];
  const arr = Array.isArray(v) ? (v as unknown[]) : [v];
  return arr.map((x) => (Array.isArray(x) ? x.join(',') : String(x)));
}

function typesOf(p: InstanceType<typeof ICAL.Property>): string[] {
  const t = p.getParameter('type') as unknown;
  const list = Array.isArray(t) ? (t as unknown[]) : t === undefined || t === null ? [] : [t];
  return list.flatMap((x) => String(x).split(','));
}

function prefOf(p: InstanceType<typeof ICAL.Property>): number {
  const pref = Number(p.getParameter('pref'));
  if (Number.isInteger(pref) && pref >= 1) return pref;
  // vCard 3.0 marks the preferred value with TYPE=PREF.
  return typesOf(p).some((t) => t.toLowerCase() === 'pref') ? 0 : 101;
}

function nonEmpty(s: string | undefined): string | null {
  const t = s?.trim();
  return t === undefined || t === '' ? null : t;
}

function strOrNull(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}
