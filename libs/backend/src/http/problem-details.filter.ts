import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorKind, FieldError } from '../errors/domain-error';

/** RFC 9457 problem object; `errors` carries field-level validation messages. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

const PROBLEM_BASE = 'https://river.chuanyu.local/problems/';

function statusOf(kind: ErrorKind): number {
  switch (kind) {
    case ErrorKind.Validation:
      return HttpStatus.BAD_REQUEST;
    case ErrorKind.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorKind.Conflict:
    case ErrorKind.IllegalTransition:
      return HttpStatus.CONFLICT;
    case ErrorKind.Unauthenticated:
      return HttpStatus.UNAUTHORIZED;
    case ErrorKind.Forbidden:
      return HttpStatus.FORBIDDEN;
    case ErrorKind.TooManyRequests:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ErrorKind.Unavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default: {
      const unreachable: never = kind;
      throw new Error(`unmapped error kind ${String(unreachable)}`);
    }
  }
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function toProblem(error: unknown, requestId?: string): ProblemDetails {
  if (error instanceof DomainError) {
    const status = statusOf(error.kind);
    return {
      type: PROBLEM_BASE + error.code,
      title: titles[status] ?? error.kind,
      status,
      detail: error.message,
      requestId,
      ...(error.errors ? { errors: error.errors } : {}),
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const detail =
      typeof body === 'string'
        ? body
        : Array.isArray((body as { message?: unknown }).message)
          ? ((body as { message: string[] }).message.join('; ') as string)
          : String((body as { message?: unknown }).message ?? error.message);
    return {
      type: PROBLEM_BASE + (titles[status] ?? 'error').toLowerCase().replace(/\s+/g, '_'),
      title: titles[status] ?? 'Error',
      status,
      detail,
      requestId,
    };
  }
  return {
    type: PROBLEM_BASE + 'internal_error',
    title: titles[500],
    status: 500,
    detail: `unexpected error; quote request id ${requestId ?? 'n/a'} when reporting it`,
    requestId,
  };
}

/** The one place where errors become HTTP responses. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<Request & { id?: string }>();
    const requestId = request?.id ? String(request.id) : undefined;
    const problem = toProblem(error, requestId);
    problem.instance = request?.originalUrl;
    if (problem.status >= 500) this.logger.error({ err: error, requestId }, 'request failed');
    if (response.headersSent) return;
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
