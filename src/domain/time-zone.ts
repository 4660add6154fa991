import { isIanaZone, isWindowsZone } from '../time-zones/index.ts';

/**
 * Calendar events carry the time zone they were written in: an IANA name (`Europe/Paris`) or a Windows
 * id as Exchange reports it (`Romance Standard Time`). Windows ids are those CLDR's windowsZones table
 * knows (src/time-zones), so each one has an IANA zone to compute offsets with.
 */
export type TimeZoneKind = 'iana' | 'windows';

export function timeZoneKind(name: string): TimeZoneKind | null {
  if (isIanaZone(name)) return 'iana';
  if (isWindowsZone(name)) return 'windows';
  return null;
}
