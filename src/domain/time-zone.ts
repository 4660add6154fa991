/**
 * Calendar events carry the time zone they were written in: an IANA name (`Europe/Paris`) or a Windows
 * name as Exchange reports it (`Romance Standard Time`). Windows names are recognised by shape since
 * Exchange publishes them only through its server-side list.
 */
export type TimeZoneKind = 'iana' | 'windows';

const WINDOWS_SPECIAL = new Set(['UTC', 'UTC-11', 'UTC-09', 'UTC-08', 'UTC-02', 'UTC+12', 'UTC+13']);
const WINDOWS_RE = /^[A-Za-z][A-Za-z .,'()&+-]{0,80} (?:Standard|Daylight) Time$/;

export function timeZoneKind(name: string): TimeZoneKind | null {
  if (isIanaZone(name)) return 'iana';
  if (WINDOWS_SPECIAL.has(name) || WINDOWS_RE.test(name)) return 'windows';
  return null;
}

function isIanaZone(name: string): boolean {
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
