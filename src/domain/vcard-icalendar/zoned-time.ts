/**
 * Local wall time in an IANA zone to a UTC instant, through Intl (Node ships the tz database).
 * Used for TZIDs that arrive without a VTIMEZONE (many programs omit it for IANA names).
 */
export function zonedToUtc(
  local: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  zone: string,
): number {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  let utc = guess - offsetMs(guess, zone);
  // A second pass settles instants next to a transition, where the offset at the guess differs.
  utc = guess - offsetMs(utc, zone);
  return utc;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function offsetMs(instant: number, zone: string): number {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}
