import { AudioError } from '../audio/index.ts';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../domain/index.ts';
import { AdminAccountError } from '../services/admin-accounts.ts';
import type { ErrorTranslator } from './error-handler.ts';
import * as api from './errors.ts';
import type { FieldIssue } from './errors.ts';

function issuesOf(err: DomainError): FieldIssue[] {
  return err.issues.map((i) => ({ field: i.field ?? '(body)', rule: i.code, message: i.message }));
}

/**
 * Errors of the layers below → API errors: invalid input 400, unknown record 404, a unique value
 * taken 409, any other broken rule 422; refused audio 400 on the `audio` field.
 */
export const domainErrorTranslator: ErrorTranslator = (err) => {
  if (err instanceof ValidationError) return new api.RequestValidationError(issuesOf(err), err.message);
  if (err instanceof NotFoundError) return new api.ApiError(404, err.code, err.message);
  if (err instanceof ConflictError) return new api.ApiConflictError(err.message, issuesOf(err), err.code);
  if (err instanceof DomainError) return new api.RuleViolationError(err.message, issuesOf(err), err.code);
  if (err instanceof AudioError) {
    return new api.RequestValidationError([{ field: 'audio', rule: err.code, message: err.message }]);
  }
  if (err instanceof AdminAccountError) return adminAccountError(err);
  return undefined;
};

function adminAccountError(err: AdminAccountError): api.ApiError {
  switch (err.code) {
    case 'admin.password_too_short':
      return new api.RequestValidationError([{ field: 'password', rule: err.code, message: err.message }]);
    case 'admin.username_invalid':
      return new api.RequestValidationError([{ field: 'username', rule: err.code, message: err.message }]);
    case 'admin.not_found':
      return new api.ApiError(404, err.code, err.message);
    case 'admin.already_disabled':
    case 'admin.last_active':
      return new api.ApiConflictError(err.message, [], err.code);
  }
}
