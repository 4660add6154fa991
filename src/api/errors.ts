import type { z } from 'zod';

/** One broken rule: which field, which rule, and a sentence. Never carries the submitted value. */
export interface FieldIssue {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** An error the API answers with a fixed HTTP status and a stable `code`. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class RequestValidationError extends ApiError {
  constructor(issues: readonly FieldIssue[], message?: string) {
    super(400, 'request.invalid', message ?? describeIssues(issues), issues);
    this.name = 'RequestValidationError';
  }
}

export class UnauthenticatedError extends ApiError {
  constructor(message = 'Authentication is required: log in or send a bearer token.') {
    super(401, 'auth.required', message);
    this.name = 'UnauthenticatedError';
  }
}

export class ForbiddenError extends ApiError {
  constructor(message = 'Your role does not allow this request.', code = 'auth.forbidden') {
    super(403, code, message);
    this.name = 'ForbiddenError';
  }
}

export class ResourceNotFoundError extends ApiError {
  constructor(what: string) {
    super(404, 'request.not_found', `${what} does not exist.`);
    this.name = 'ResourceNotFoundError';
  }
}

export class ApiConflictError extends ApiError {
  constructor(message: string, issues: readonly FieldIssue[] = [], code = 'request.conflict') {
    super(409, code, message, issues);
    this.name = 'ApiConflictError';
  }
}

/** A well-formed request that breaks a rule of the model (an impossible combination). */
export class RuleViolationError extends ApiError {
  constructor(message: string, issues: readonly FieldIssue[] = [], code = 'request.rule_violated') {
    super(422, code, message, issues);
    this.name = 'RuleViolationError';
  }
}

function describeIssues(issues: readonly FieldIssue[]): string {
  if (issues.length === 0) return 'The request is not valid.';
  return issues.map((i) => `${i.field}: ${i.message}`).join('; ');
}

/**
 * zod issues → field issues. The field is the dotted path (prefixed with the request part for
 * params/querystring/headers, so `port` in a body stays `port`); the rule is zod's issue code or,
 * for custom refinements, the `rule` param a domain schema attaches.
 */
export function issuesFromZod(error: z.ZodError, httpPart?: string): FieldIssue[] {
  const part = httpPart && httpPart !== 'body' ? httpPart : undefined;
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const params = (issue as { params?: Record<string, unknown> }).params;
    const rule =
      typeof params?.code === 'string'
        ? params.code
        : typeof params?.rule === 'string'
          ? params.rule
          : issue.code;
    const field = [part, path].filter((s) => s !== undefined && s !== '').join('.') || '(body)';
    return { field, rule, message: issue.message };
  });
}
