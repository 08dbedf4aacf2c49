import { randomUUID } from 'node:crypto';

import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';

import { DomainError, HTTP_STATUS_OF } from './domain-error';

/** One place where errors become HTTP answers; unexpected ones get an id that is also logged. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();

    if (error instanceof DomainError) {
      const statusCode = HTTP_STATUS_OF[error.code];
      response.status(statusCode).json({
        statusCode,
        error: error.code,
        message: error.message,
        ...(error.problems.length ? { problems: error.problems } : {}),
      });
      return;
    }

    if (error instanceof HttpException) {
      const statusCode = error.getStatus();
      const body = error.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      response.status(statusCode).json({ statusCode, message: message ?? error.message });
      return;
    }

    if (isRequestParsingError(error)) {
      const statusCode = error.status;
      const message = PARSING_MESSAGES[error.type ?? ''] ?? error.message;
      response.status(statusCode).json({
        statusCode,
        error: 'validation',
        message,
        problems: [{ field: '(body)', message }],
      });
      return;
    }

    const errorId = randomUUID();
    this.logger.error({ msg: 'unexpected error', errorId, error: describe(error) });
    response.status(500).json({ statusCode: 500, message: 'internal error', errorId });
  }
}

/** What Express's body parser says about a body it could not read (http-errors, 4xx). */
interface RequestParsingError {
  status: number;
  expose: boolean;
  type?: string;
  message: string;
}

const PARSING_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'is not valid JSON',
  'entity.too.large': 'is larger than the 100 kB a request may carry',
  'encoding.unsupported': 'uses an unsupported character encoding',
  'charset.unsupported': 'uses an unsupported character set',
};

function isRequestParsingError(error: unknown): error is RequestParsingError {
  const e = error as Partial<RequestParsingError> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.expose === true &&
    typeof e.status === 'number' &&
    e.status >= 400 &&
    e.status < 500
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error);
}
