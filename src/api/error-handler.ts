import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { ApiError, RequestValidationError, issuesFromZod } from './errors.ts';
import type { FieldIssue } from './errors.ts';

/** The body of every error answer. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly issues?: readonly FieldIssue[];
  };
}

export interface HttpError {
  readonly status: number;
  readonly body: ErrorBody;
}

/**
 * Extra mappings from errors thrown by lower layers (domain rules, repositories) to HTTP. Each entry
 * is tried in order; the first that returns an ApiError wins.
 */
export type ErrorTranslator = (err: unknown) => ApiError | undefined;

/**
 * Framework errors with fixed sentences: their own messages may quote the request (a JSON syntax
 * error shows the text around the fault, which can be a password), so they are never passed on.
 */
const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'request.body_invalid',
    message: 'The JSON body is empty.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'request.body_invalid',
    message: 'The body is not valid JSON.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'request.unsupported_media_type',
    message: 'This content type is not accepted here.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'request.body_too_large',
    message: 'The body is too large.',
  },
  FST_REQ_FILE_TOO_LARGE: {
    status: 413,
    code: 'request.body_too_large',
    message: 'The uploaded file is too large.',
  },
  FST_FILES_LIMIT: { status: 413, code: 'request.body_too_large', message: 'Too many files in the upload.' },
  FST_PARTS_LIMIT: { status: 413, code: 'request.body_too_large', message: 'Too many parts in the upload.' },
  FST_FIELDS_LIMIT: {
    status: 413,
    code: 'request.body_too_large',
    message: 'Too many fields in the upload.',
  },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: 'request.unsupported_media_type',
    message: 'Send the upload as multipart/form-data.',
  },
};

/** Maps any thrown value to an HTTP status and body. The single place where errors become HTTP. */
export function toHttpError(err: unknown, translators: readonly ErrorTranslator[] = []): HttpError {
  const apiError = asApiError(err, translators);
  if (apiError) {
    const issues = apiError.issues.length > 0 ? { issues: apiError.issues } : {};
    return {
      status: apiError.statusCode,
      body: { error: { code: apiError.code, message: apiError.message, ...issues } },
    };
  }
  const fe = err as Partial<FastifyError> | undefined;
  if (fe && typeof fe.code === 'string') {
    const known = FASTIFY_CODES[fe.code];
    if (known) return { status: known.status, body: { error: { code: known.code, message: known.message } } };
  }
  if (fe && fe.statusCode === 429) {
    return {
      status: 429,
      body: { error: { code: 'auth.rate_limited', message: 'Too many attempts; wait and try again.' } },
    };
  }
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return {
      status: fe.statusCode,
      body: { error: { code: 'request.bad_request', message: 'The request was refused.' } },
    };
  }
  // Internal details stay in the log; the client gets a fixed sentence.
  return {
    status: 500,
    body: { error: { code: 'server.internal_error', message: 'The server failed to answer.' } },
  };
}

function asApiError(err: unknown, translators: readonly ErrorTranslator[]): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof ZodError) return new RequestValidationError(issuesFromZod(err));
  const validationCause = (err as { validation?: unknown; cause?: unknown } | undefined)?.cause;
  if (validationCause instanceof ApiError) return validationCause;
  for (const translate of translators) {
    const mapped = translate(err);
    if (mapped) return mapped;
  }
  return undefined;
}

/** A 415 names what the route accepts (its OpenAPI `consumes`), so the caller knows what to send instead. */
function withAcceptedTypes(answer: HttpError, request: FastifyRequest): HttpError {
  if (answer.status !== 415 || answer.body.error.code !== 'request.unsupported_media_type') return answer;
  const consumes = (request.routeOptions.schema as { consumes?: unknown } | undefined)?.consumes;
  if (!Array.isArray(consumes) || consumes.length === 0) return answer;
  const accepted = consumes.map(String).join(' or ');
  return {
    ...answer,
    body: {
      error: {
        ...answer.body.error,
        message: `This content type is not accepted here; send the body as ${accepted}.`,
      },
    },
  };
}

export function makeErrorHandler(translators: readonly ErrorTranslator[]) {
  return function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const { status, body } = withAcceptedTypes(toHttpError(err, translators), request);
    // Refusals log their stable code, never the error text (framework messages may quote input).
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: body.error.code, status }, 'request refused');
    void reply.status(status).type('application/json').send(body);
  };
}
