import type { Problem } from '@sentia/contracts/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { type AppErrorCode, type FieldError, appErrorStatus, appErrorTitle, isAppError } from './app-error.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const statusToCode = new Map<number, AppErrorCode>([
  [400, 'BAD_REQUEST'],
  [401, 'UNAUTHENTICATED'],
  [403, 'FORBIDDEN'],
  [404, 'NOT_FOUND'],
  [405, 'METHOD_NOT_ALLOWED'],
  [409, 'CONFLICT'],
  [413, 'PAYLOAD_TOO_LARGE'],
  [415, 'UNSUPPORTED_MEDIA_TYPE'],
  [429, 'RATE_LIMITED'],
  [503, 'UNAVAILABLE'],
]);

/** Builds an RFC 9457 problem document for a code. */
export function buildProblem(code: AppErrorCode, detail: string, request: FastifyRequest, errors?: FieldError[]): Problem {
  const problem: Problem = {
    type: `urn:sentia:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: appErrorTitle[code],
    status: appErrorStatus[code],
    detail,
    instance: request.url.split('?')[0],
    code,
    requestId: request.id,
  };
  if (errors && errors.length > 0) problem.errors = errors;
  return problem;
}

/** Sends a problem document; used by the error handler and the not-found handler. */
export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

interface ValidationIssue {
  instancePath: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/**
 * Turns schema validation issues into `{field, message}` pairs. The field is the dotted path inside the part of
 * the request that failed (query string, body, params); an unknown field is reported under its own name.
 */
export function fieldErrorsFromValidation(issues: readonly ValidationIssue[]): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params?.keys)) {
      for (const key of issue.params.keys as unknown[]) {
        out.push({ field: path ? `${path}.${String(key)}` : String(key), message: 'is not an allowed field' });
      }
      continue;
    }
    out.push({ field: path || '(root)', message: issue.message ?? 'is invalid' });
  }
  return out;
}

/**
 * The one place errors become HTTP responses: AppError by its code, request validation as 400 with the fields,
 * Fastify's own 4xx errors by status, everything else as a logged 500 whose detail does not leak internals.
 */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isAppError(error)) {
    if (error.status >= 500) request.log.error({ err: error }, error.message);
    if (error.headers) void reply.headers(error.headers);
    return sendProblem(reply, buildProblem(error.code, error.message, request, error.errors));
  }

  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = fieldErrorsFromValidation(error.validation as unknown as ValidationIssue[]);
    const where = (error as FastifyError).validationContext ?? 'request';
    const fields = [...new Set(errors.map((e) => e.field))].join(', ');
    return sendProblem(reply, buildProblem('VALIDATION_FAILED', `Invalid ${where}: ${fields}`, request, errors));
  }

  if (error instanceof Error && 'method' in error && isResponseSerializationError(error as never)) {
    request.log.error({ err: error, cause: (error as Error).cause }, 'response does not match its schema');
    return sendProblem(reply, buildProblem('INTERNAL', 'The server produced an invalid response.', request));
  }

  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = statusToCode.get(status) ?? 'BAD_REQUEST';
    const problem = buildProblem(code, error.message, request);
    problem.status = status;
    return sendProblem(reply, problem);
  }

  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, buildProblem('INTERNAL', 'An unexpected error occurred; quote the request id when reporting it.', request));
}
