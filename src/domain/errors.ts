/**
 * Typed refusals of the domain. Every error carries a stable machine `code`, the `field` it is about
 * (a dotted path into the input, or undefined when it concerns the whole request), and a human sentence.
 * The API maps the classes to HTTP statuses: ValidationError 400, NotFoundError 404, ConflictError 409.
 */
export interface Issue {
  readonly code: string;
  readonly field: string | undefined;
  readonly message: string;
}

export class DomainError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  constructor(code: string, field: string | undefined, message: string) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = field;
  }

  /** The refusal as one or more issues (a ValidationError may hold several). */
  get issues(): readonly Issue[] {
    return [{ code: this.code, field: this.field, message: this.message }];
  }
}

/** The input breaks one or more rules. The first issue is also exposed as code/field/message. */
export class ValidationError extends DomainError {
  readonly #issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    const first = issues[0];
    if (!first) throw new Error('ValidationError needs at least one issue');
    super(first.code, first.field, issues.length === 1 ? first.message : issuesSummary(issues));
    this.name = 'ValidationError';
    this.#issues = issues;
  }

  static single(code: string, field: string | undefined, message: string): ValidationError {
    return new ValidationError([{ code, field, message }]);
  }

  override get issues(): readonly Issue[] {
    return this.#issues;
  }
}

/** A unique value is already used by another record (name, number, Exchange address...). */
export class ConflictError extends DomainError {
  constructor(code: string, field: string | undefined, message: string) {
    super(code, field, message);
    this.name = 'ConflictError';
  }
}

/** The record asked for does not exist. */
export class NotFoundError extends DomainError {
  constructor(code: string, message: string, field?: string) {
    super(code, field, message);
    this.name = 'NotFoundError';
  }
}

function issuesSummary(issues: readonly Issue[]): string {
  return issues.map((i) => i.message).join(' ');
}
