import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

import { requestIdFrom, withRequestContext } from '../common/request-context';
import type { MetricsService } from './metrics.service';

const logger = new Logger('HTTP');

/**
 * Gives each request a correlation id (the caller's x-request-id, or a new one), echoes it in
 * the answer, makes it part of every log line of the request, and times the request.
 */
export function httpObserver(metrics: MetricsService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const requestId = requestIdFrom(request.headers['x-request-id']);
    const started = process.hrtime.bigint();
    response.setHeader('x-request-id', requestId);

    response.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routePattern(request);
      metrics.httpDuration.observe(
        { method: request.method, route, status: String(response.statusCode) },
        seconds,
      );
      withRequestContext({ requestId }, () =>
        logger.debug({ msg: 'request', method: request.method, route, ms: seconds * 1000 }),
      );
    });

    withRequestContext({ requestId }, next);
  };
}

/** The route's pattern (`/api/v1/runs/:id`), never the raw path, so labels stay few. */
function routePattern(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl}${path}` : 'unmatched';
}
