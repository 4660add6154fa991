import { ContentFileCodes, ContentFileError } from './errors.ts';

/** One unfolded content line (RFC 5545 3.1 / RFC 6350 3.2) with the physical line it starts on. */
export interface ContentLine {
  readonly line: number;
  readonly name: string;
  readonly text: string;
}

/** A BEGIN/END block of the top-level component kind, with its own lines (BEGIN and END included). */
export interface Block {
  readonly startLine: number;
  readonly lines: readonly ContentLine[];
  readonly text: string;
}

const NAME_RE = /^([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)?)[;:]/;

/**
 * Unfolds and checks every content line before ical.js sees the text, because ical.js reports a
 * broken line without its position; here each refusal names the line number and the property.
 */
export function contentLines(text: string, file: string): ContentLine[] {
  const out: { line: number; text: string }[] = [];
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  physical.forEach((raw, i) => {
    if (raw === '') return;
    const last = out[out.length - 1];
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && last) {
      last.text += raw.slice(1);
      return;
    }
    out.push({ line: i + 1, text: raw });
  });
  return out.map(({ line, text: t }) => {
    const m = NAME_RE.exec(t);
    if (!m?.[1] || !hasValueColon(t)) {
      throw new ContentFileError(
        ContentFileCodes.syntax,
        { file, line },
        `"${t.slice(0, 60)}" is not a content line (NAME[;PARAM=...]:VALUE).`,
      );
    }
    return { line, name: m[1].toUpperCase().replace(/^[^.]*\./, ''), text: t };
  });
}

/** A colon outside double-quoted parameter values separates the name part from the value. */
function hasValueColon(t: string): boolean {
  let quoted = false;
  for (const ch of t) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ':' && !quoted) return true;
  }
  return false;
}

/** Splits the lines into top-level `kind` blocks, checking that BEGIN/END pairs nest. */
export function blocks(lines: readonly ContentLine[], kind: string, file: string): Block[] {
  const result: Block[] = [];
  const stack: { name: string; line: number }[] = [];
  let current: ContentLine[] = [];
  for (const l of lines) {
    const value = l.text
      .slice(l.text.indexOf(':') + 1)
      .trim()
      .toUpperCase();
    if (l.name === 'BEGIN') {
      if (stack.length === 0 && value !== kind) {
        throw new ContentFileError(
          ContentFileCodes.structure,
          { file, line: l.line, property: 'BEGIN' },
          `expected BEGIN:${kind}, found BEGIN:${value}.`,
        );
      }
      stack.push({ name: value, line: l.line });
    } else if (stack.length === 0) {
      throw new ContentFileError(
        ContentFileCodes.structure,
        { file, line: l.line, property: l.name },
        `${l.name} appears outside a BEGIN:${kind} ... END:${kind} block.`,
      );
    }
    current.push(l);
    if (l.name === 'END') {
      const open = stack.pop();
      if (open?.name !== value) {
        throw new ContentFileError(
          ContentFileCodes.structure,
          { file, line: l.line, property: 'END' },
          `END:${value} does not close BEGIN:${open?.name ?? '?'} of line ${open?.line ?? '?'}.`,
        );
      }
      if (stack.length === 0) {
        result.push({
          startLine: current[0]?.line ?? l.line,
          lines: current,
          text: current.map((c) => c.text).join('\r\n') + '\r\n',
        });
        current = [];
      }
    }
  }
  const open = stack[stack.length - 1];
  if (open) {
    throw new ContentFileError(
      ContentFileCodes.structure,
      { file, line: open.line, property: 'BEGIN' },
      `BEGIN:${open.name} is never closed by END:${open.name}.`,
    );
  }
  return result;
}

/** The line a property of a block starts on (its `nth` occurrence), or the block's first line. */
export function lineOf(block: Block, property: string, nth = 0): number {
  const matches = block.lines.filter((l) => l.name === property.toUpperCase());
  return (matches[nth] ?? matches[0])?.line ?? block.startLine;
}

/** The direct children of a block whose BEGIN value is `kind`, in file order (matches ical.js order). */
export function childBlocks(block: Block, kind: string): Block[] {
  const out: Block[] = [];
  let depth = 0;
  let current: ContentLine[] | null = null;
  for (const l of block.lines) {
    const value = l.text
      .slice(l.text.indexOf(':') + 1)
      .trim()
      .toUpperCase();
    if (l.name === 'BEGIN') {
      depth += 1;
      if (depth === 2 && value === kind) current = [];
    }
    current?.push(l);
    if (l.name === 'END') {
      if (depth === 2 && current) {
        out.push({ startLine: current[0]?.line ?? l.line, lines: current, text: '' });
        current = null;
      }
      depth -= 1;
    }
  }
  return out;
}
