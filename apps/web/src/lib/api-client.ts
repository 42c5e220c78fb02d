import { problemSchema, type Problem } from '@sentia/contracts/common';
import type { ZodType } from 'zod';
import { parseStepUpChallenge, requestStepUp } from './step-up.ts';

/** An HTTP error from the API, carrying the problem+json details and per-field messages. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly title: string;
  readonly detail: string | undefined;
  readonly requestId: string | undefined;
  /** Field path → message, from the problem's `errors` array (validation failures). */
  readonly fieldErrors: Record<string, string>;

  constructor(status: number, problem: Partial<Problem> & { title: string }) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.requestId = problem.requestId;
    this.fieldErrors = Object.fromEntries((problem.errors ?? []).map((e) => [e.field, e.message]));
  }
}

/** True when the error is an {@link ApiError} with the given HTTP status. */
export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

type QueryValue = string | number | undefined | null;

export interface ApiRequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Query-string parameters; undefined and null values are left out. */
  query?: Record<string, QueryValue>;
  /** JSON request body. */
  body?: unknown;
  /** Schema the JSON response must satisfy; omit for endpoints that answer 204. */
  schema?: ZodType<T>;
  signal?: AbortSignal;
  /**
   * When the server asks for a fresh second factor (401 STEP_UP_REQUIRED), prompt for it and retry once (default true).
   * The sign-in and step-up calls themselves turn it off.
   */
  handleStepUp?: boolean;
}

/** Builds `path?query` leaving out empty parameters, so equal filters give equal URLs (and cache keys). */
export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function toApiError(response: Response): Promise<ApiError> {
  const fallback = { title: response.statusText || `HTTP ${response.status}` };
  const text = await response.text().catch(() => '');
  if (!text) return new ApiError(response.status, fallback);
  try {
    const parsed = problemSchema.safeParse(JSON.parse(text));
    return new ApiError(response.status, parsed.success ? parsed.data : fallback);
  } catch {
    return new ApiError(response.status, fallback);
  }
}

/**
 * Calls the API with the session cookie and validates the response against `schema`.
 * Non-2xx responses throw an {@link ApiError} built from the problem+json body; a response that
 * does not match the schema throws too, because rendering unvalidated numbers would be worse.
 */
export async function apiRequest<T = void>(path: string, options: ApiRequestOptions<T> = {}): Promise<T> {
  const { method = 'GET', query, body, schema, signal, handleStepUp = true } = options;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { title: 'Network error', detail: 'The server could not be reached. Check your connection and try again.' });
  }
  if (!response.ok) {
    const error = await toApiError(response);
    // A high-risk action: the user proves a second factor in the dialog, then the same request is sent again.
    if (handleStepUp && error.status === 401 && error.code === 'STEP_UP_REQUIRED') {
      const challenge = parseStepUpChallenge(response.headers.get('www-authenticate'), error.detail);
      if (await requestStepUp(challenge)) return apiRequest(path, { ...options, handleStepUp: false });
    }
    throw error;
  }
  if (!schema || response.status === 204) return undefined as T;
  const json: unknown = await response.json();
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(response.status, {
      title: 'Unexpected response',
      detail: `The server answered ${path} with data this version of the app does not understand.`,
      code: 'INVALID_RESPONSE',
    });
  }
  return parsed.data;
}
