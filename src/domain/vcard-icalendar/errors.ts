/**
 * A refused content file (vCard, iCalendar, or a bundle's index or audio). `file` and `line` locate
 * the fault (1-based line of the unfolded content line's first physical line); `property` names the
 * vCard/iCalendar property when known.
 */
export class ContentFileError extends Error {
  readonly code: string;
  readonly file: string;
  readonly line: number | undefined;
  readonly property: string | undefined;
  constructor(
    code: string,
    where: { file: string; line?: number | undefined; property?: string | undefined },
    reason: string,
  ) {
    const at = [
      where.file,
      where.line !== undefined ? `line ${where.line}` : undefined,
      where.property !== undefined ? `property ${where.property}` : undefined,
    ]
      .filter((s) => s !== undefined)
      .join(', ');
    super(`${at}: ${reason}`);
    this.name = 'ContentFileError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.property = where.property;
  }
}

export const ContentFileCodes = {
  syntax: 'interchange.syntax',
  structure: 'interchange.structure',
  property: 'interchange.property_invalid',
  model: 'interchange.model_invalid',
  index: 'interchange.index_invalid',
  audio: 'interchange.audio_invalid',
  missing: 'interchange.file_missing',
} as const;
