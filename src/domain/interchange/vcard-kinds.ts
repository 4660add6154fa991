import { phoneKinds, type PhoneKind } from '../contact.ts';

type AddressKind = 'business' | 'home' | 'other';

/** vCard TYPE values for each Exchange phone kind (RFC 6350 6.4.1); the exact kind also travels in X-VOXSYNC-KIND. */
export const PHONE_TYPES: Record<PhoneKind, readonly string[]> = {
  assistant: ['x-assistant'],
  businessFax: ['work', 'fax'],
  business: ['work', 'voice'],
  business2: ['work', 'voice'],
  callback: ['x-callback'],
  car: ['x-car'],
  companyMain: ['work', 'x-main'],
  homeFax: ['home', 'fax'],
  home: ['home', 'voice'],
  home2: ['home', 'voice'],
  isdn: ['x-isdn'],
  mobile: ['cell'],
  otherFax: ['fax'],
  other: ['voice'],
  pager: ['pager'],
  primary: ['voice', 'pref'],
  radio: ['x-radio'],
  telex: ['x-telex'],
  ttyTdd: ['textphone'],
  businessMobile: ['work', 'cell'],
  // RFC 6350 has no type for these; voice/cell plus an x-name keeps them recognisable elsewhere.
  ipPhone: ['voice', 'x-ip'],
  mms: ['cell', 'x-mms'],
  msn: ['x-msn'],
};

export function isPhoneKind(v: string): v is PhoneKind {
  return (phoneKinds as readonly string[]).includes(v);
}

/**
 * The phone kinds a TEL written by another program may take, best first. vCard 3.0 types
 * (CAR, ISDN, MSG...) and 4.0 types both occur; the second choice catches a repeated kind.
 */
export function phoneKindsForTypes(types: readonly string[]): PhoneKind[] {
  const t = new Set(types.map((s) => s.toLowerCase()));
  if (t.has('fax')) return t.has('work') ? ['businessFax'] : t.has('home') ? ['homeFax'] : ['otherFax'];
  if (t.has('x-mms')) return ['mms'];
  if (t.has('x-msn')) return ['msn'];
  if (t.has('x-ip')) return ['ipPhone'];
  if (t.has('cell')) return t.has('work') ? ['businessMobile', 'mobile'] : ['mobile', 'businessMobile'];
  if (t.has('pager')) return ['pager'];
  if (t.has('car') || t.has('x-car')) return ['car'];
  if (t.has('isdn') || t.has('x-isdn')) return ['isdn'];
  if (t.has('textphone')) return ['ttyTdd'];
  if (t.has('work')) return ['business', 'business2', 'other'];
  if (t.has('home')) return ['home', 'home2', 'other'];
  if (t.has('pref')) return ['primary', 'other'];
  return ['other', 'primary'];
}

export const ADDRESS_TYPES: Record<AddressKind, string | null> = {
  business: 'work',
  home: 'home',
  other: null,
};

export function addressKindForTypes(types: readonly string[]): AddressKind {
  const t = new Set(types.map((s) => s.toLowerCase()));
  if (t.has('work')) return 'business';
  if (t.has('home')) return 'home';
  return 'other';
}
