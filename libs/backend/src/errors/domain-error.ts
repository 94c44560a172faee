/**
 * Typed domain errors. Domain code throws these (never HTTP exceptions); the HTTP layer maps each
 * kind exactly once to an RFC 9457 problem response (http/problem-details.filter.ts).
 */
export enum ErrorKind {
  Validation = 'validation',
  NotFound = 'not_found',
  Conflict = 'conflict',
  IllegalTransition = 'illegal_transition',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  TooManyRequests = 'too_many_requests',
  Unavailable = 'unavailable',
}

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** stable machine-readable code, e.g. `station_not_found`; becomes the problem `type` */
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string | number) =>
  new DomainError(ErrorKind.NotFound, `${what}_not_found`, `${what} ${id} does not exist`);

export const validationFailed = (errors: FieldError[], message = 'the request is not valid') =>
  new DomainError(ErrorKind.Validation, 'validation_failed', message, errors);

export const forbidden = (reason: string) => new DomainError(ErrorKind.Forbidden, 'forbidden', reason);

export const conflict = (code: string, message: string) => new DomainError(ErrorKind.Conflict, code, message);
