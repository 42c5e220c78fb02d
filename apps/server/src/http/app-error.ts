/** Every error code the API can answer with, and the HTTP status it maps to (the one place this mapping lives). */
export const appErrorStatus = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  STEP_UP_REQUIRED: 401,
  SECOND_FACTOR_REQUIRED: 401,
  FORBIDDEN: 403,
  MFA_ENROLMENT_REQUIRED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  INVITATION_EXPIRED: 410,
  INVITATION_REVOKED: 410,
  INVITATION_USED: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof appErrorStatus;

/** A field-level problem reported in problem+json `errors`. */
export interface FieldError {
  field: string;
  message: string;
}

/** Human titles for the problem+json `title`, one per code. */
export const appErrorTitle: Record<AppErrorCode, string> = {
  BAD_REQUEST: 'Bad request',
  VALIDATION_FAILED: 'Invalid request',
  UNAUTHENTICATED: 'Authentication required',
  STEP_UP_REQUIRED: 'Second factor required',
  SECOND_FACTOR_REQUIRED: 'Authenticator code required',
  FORBIDDEN: 'Forbidden',
  MFA_ENROLMENT_REQUIRED: 'Set up two-factor authentication first',
  PASSWORD_CHANGE_REQUIRED: 'Change your password first',
  CSRF_REJECTED: 'Cross-site request refused',
  NOT_FOUND: 'Not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  CONFLICT: 'Conflict',
  INVITATION_EXPIRED: 'Invitation expired',
  INVITATION_REVOKED: 'Invitation revoked',
  INVITATION_USED: 'Invitation already used',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  RATE_LIMITED: 'Too many requests',
  INTERNAL: 'Internal server error',
  UNAVAILABLE: 'Service unavailable',
};

/**
 * The application's single error type: throw it anywhere in a request and the error handler turns it into
 * problem+json with the status for its code.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: AppErrorCode;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: AppErrorCode, message: string, options: { errors?: FieldError[]; cause?: unknown; headers?: Record<string, string> } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers;
  }

  get status(): number {
    return appErrorStatus[this.code];
  }
}

/** Narrowing helper that also works across module copies. */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError || (value instanceof Error && value.name === 'AppError' && 'code' in value);
}
