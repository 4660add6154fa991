// Windows ↔ IANA time zone names, from CLDR's windowsZones facts (windows-zones.generated.ts). Exchange
// speaks Windows ids (StartTimeZone, TimeZoneContext); voxsync and iCalendar speak IANA names.
import { IANA_TO_WINDOWS, WINDOWS_TO_IANA } from './windows-zones.generated.ts';

const canonicalCache = new Map<string, string | null>();

/**
 * The runtime's canonical spelling of an IANA zone, or null when it is none. Node's ICU canonicalizes to
 * CLDR's ids (Asia/Kolkata → Asia/Calcutta, Europe/Kyiv → Europe/Kiev), the same spelling the generated
 * table uses.
 */
export function canonicalIanaZone(name: string): string | null {
  const hit = canonicalCache.get(name);
  if (hit !== undefined) return hit;
  let out: string | null = null;
  // Windows ids like "UTC-02" or names with spaces are never IANA zones even when ICU would accept them.
  if (/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) {
    try {
      out = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      out = null;
    }
  }
  canonicalCache.set(name, out);
  return out;
}

export function isIanaZone(name: string): boolean {
  return canonicalIanaZone(name) !== null;
}

export function isWindowsZone(id: string): boolean {
  return Object.hasOwn(WINDOWS_TO_IANA, id);
}

/** CLDR's golden IANA zone of a Windows id, or undefined for an id CLDR does not know. */
export function windowsToIana(id: string): string | undefined {
  return Object.hasOwn(WINDOWS_TO_IANA, id) ? WINDOWS_TO_IANA[id] : undefined;
}

/** The Windows id of an IANA zone (any spelling the runtime accepts), or undefined when CLDR maps none. */
export function ianaToWindows(zone: string): string | undefined {
  if (Object.hasOwn(IANA_TO_WINDOWS, zone)) return IANA_TO_WINDOWS[zone];
  const canonical = canonicalIanaZone(zone);
  if (canonical === null) return undefined;
  if (Object.hasOwn(IANA_TO_WINDOWS, canonical)) return IANA_TO_WINDOWS[canonical];
  // ICU folds Etc/UTC, Etc/GMT and GMT into "UTC", which CLDR lists as Etc/UTC.
  return canonical === 'UTC' ? 'UTC' : undefined;
}

/** An IANA zone for a name that is either an IANA zone or a Windows id; undefined when it is neither. */
export function toIanaZone(name: string): string | undefined {
  return isIanaZone(name) ? name : windowsToIana(name);
}

/** A Windows id for a name that is either a Windows id or an IANA zone; undefined when it is neither. */
export function toWindowsZone(name: string): string | undefined {
  return isWindowsZone(name) ? name : ianaToWindows(name);
}
