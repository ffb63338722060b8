/**
 * The one table from error codes to HTTP statuses, and the error handler that gives
 * every failure the same shape: { error: { code, message, details } }. Internal
 * messages go to the log (they never hold personal data); users get the safe message.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type ErrorDetail } from '../shared/app-error.js';
import { translateError } from '../store/translate-error.js';

export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  validation_failed: 400,
  import_rejected: 422,
  invalid_reference: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale_version: 412,
  payload_too_large: 413,
  too_many_requests: 429,
  integrity_failed: 500,
  unsupported_media_type: 415,
  database_unavailable: 503,
  busy: 503,
  disk_full: 507,
  internal: 500,
};

/** The body of every error response. */
export type ErrorBody = { error: { code: ErrorCode; message: string; details: readonly ErrorDetail[] } };

/**
 * Errors in the one shape. An address nothing answers: the API's JSON 404, or for any address
 * outside /api/ the page `notFoundPage` answers (the public site's, in the reader's language).
 */
export function registerErrorHandler(app: FastifyInstance, notFoundPage?: (request: FastifyRequest, reply: FastifyReply) => unknown): void {
  app.setNotFoundHandler((request, reply) => {
    if (notFoundPage && !request.url.startsWith('/api/')) return notFoundPage(request, reply);
    return reply.status(404).send(errorBody(new AppError('not_found', 'no route')));
  });
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const appError = toAppError(error);
    const status = HTTP_STATUS[appError.code];
    // load shed and a database away are expected conditions: a warning each, never a flood of stacks
    if (appError.code === 'busy' || appError.code === 'database_unavailable')
      request.log.warn({ code: appError.code, reason: appError.message }, 'request refused');
    else if (status >= 500) request.log.error({ err: { message: error.message, code: appError.code, stack: error.stack } }, 'request failed');
    else request.log.info({ code: appError.code, reason: appError.message }, 'request rejected');
    // a refusal for load says when to come back
    const retryAfter = (appError as AppError & { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    reply.status(status).send(errorBody(appError));
  });
}

function toAppError(error: FastifyError | AppError): AppError {
  if (error instanceof AppError) return error;
  // a database stopped or out of reach is a 503 to retry, and a constraint the code did not foresee a 4xx
  const translated = translateError(error);
  if (translated instanceof AppError) return translated;
  const validation = (error as FastifyError).validation;
  if (validation) {
    const context = (error as FastifyError).validationContext ?? 'body';
    return new AppError('validation_failed', 'request validation failed', {
      details: validation.map((v) => ({
        path: [
          context,
          ...String(v.instancePath ?? '')
            .split('/')
            .filter(Boolean),
        ].join('.'),
        reason: v.message ?? 'invalid',
      })),
    });
  }
  const code = (error as FastifyError).code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('payload_too_large', error.message);
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('unsupported_media_type', error.message);
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new AppError('validation_failed', error.message, { details: [{ path: 'body', reason: 'the body is not valid JSON' }] });
  }
  if ((error as FastifyError).statusCode === 429) return new AppError('forbidden', 'rate limited', { publicMessage: 'Too many requests; try again shortly.' });
  return new AppError('internal', error.message, { cause: error });
}

export function errorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.publicMessage, details: error.details } };
}
