// Offsets of IANA zones at an instant and wall-clock ↔ UTC conversion, through Intl (the runtime's tz data).
// Wall-clock times are "local" milliseconds: the UTC epoch value of the same calendar date and time.

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offset (ms) of `zone` from UTC at instant `t`. */
export function zoneOffset(zone: string, t: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const local = Date.UTC(
    Number(p['year']),
    Number(p['month']) - 1,
    Number(p['day']),
    Number(p['hour']),
    Number(p['minute']),
    Number(p['second']),
  );
  return local - Math.floor(t / 1000) * 1000;
}

/** UTC instant of a wall-clock time in `zone` (or at `fixedOffset` when there is no zone). */
export function wallToUtc(zone: string | undefined, fixedOffset: number, wall: number): number {
  if (!zone) return wall - fixedOffset;
  const guess = wall - zoneOffset(zone, wall);
  return wall - zoneOffset(zone, guess);
}

export function utcToWall(zone: string | undefined, fixedOffset: number, t: number): number {
  return t + (zone ? zoneOffset(zone, t) : fixedOffset);
}
