// `--format table` for `voxsync ews`: a readable view of EWS results for people.
export function formatTable(value: unknown): string {
  const rows = rowsOf(value);
  if (rows.length === 0) return '(nothing)\n';
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const widths = columns.map((c) =>
    Math.min(60, Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length))),
  );
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => clip(c, widths[i]!).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return (
    [
      line(columns),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map((r) => line(columns.map((c) => r[c] ?? ''))),
    ].join('\n') + '\n'
  );
}

function rowsOf(value: unknown): Record<string, string>[] {
  if (Array.isArray(value)) return value.map((v) => flat(v));
  if (value && typeof value === 'object') {
    for (const key of ['items', 'changes', 'resolutions', 'certificates'] as const) {
      const list = (value as Record<string, unknown>)[key];
      if (Array.isArray(list)) return list.map((v) => flat(v));
    }
    return Object.entries(flat(value)).map(([field, v]) => ({ field, value: v }));
  }
  return [{ value: String(value) }];
}

/** Nested objects become dotted columns; arrays are summarised. */
function flat(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (value === null || value === undefined) return out;
  if (typeof value !== 'object') {
    out[prefix || 'value'] = String(value);
    return out;
  }
  if (Array.isArray(value)) {
    out[prefix || 'value'] = value.every((v) => typeof v !== 'object')
      ? value.join(', ')
      : `[${value.length}]`;
    return out;
  }
  for (const [k, v] of Object.entries(value)) flat(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

function clip(s: string, w: number): string {
  return s.length > w ? `${s.slice(0, w - 1)}…` : s;
}
