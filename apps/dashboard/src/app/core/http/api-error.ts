import { HttpErrorResponse } from '@angular/common/http';

import type { ApiErrorBody } from '../api/api.types';

/** A field the console refused, as its 400 answer names it (`options.channels`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Turns any failed call into one sentence a DBA can act on. */
export function describeError(error: unknown, action: string): string {
  if (!(error instanceof HttpErrorResponse)) {
    return `Could not ${action}: ${error instanceof Error ? error.message : String(error)}`;
  }

  if (error.status === 0) {
    return `Could not ${action}: the console cannot be reached. Check that it is running.`;
  }

  if (isMissingEndpoint(error)) {
    return `Could not ${action}: this console does not offer it yet (HTTP 404). Upgrade it.`;
  }

  const detail = messageOf(error.error) ?? error.statusText ?? 'unexpected error';
  return `Could not ${action}: ${detail} (HTTP ${error.status}).`;
}

/**
 * True when the route itself is unknown to the console (an older console), as opposed to a
 * known route answering that one record does not exist.
 */
export function isMissingEndpoint(error: unknown): boolean {
  if (!(error instanceof HttpErrorResponse) || error.status !== 404) {
    return false;
  }

  const message = messageOf(error.error);
  return message === null || /^Cannot (GET|POST|PUT|PATCH|DELETE) /.test(message);
}

/** The field problems of a 400 answer, keyed by field path. */
export function fieldProblems(error: unknown): Record<string, string> {
  if (!(error instanceof HttpErrorResponse) || !error.error || typeof error.error !== 'object') {
    return {};
  }

  const problems = (error.error as { problems?: FieldProblem[] }).problems ?? [];
  return Object.fromEntries(problems.map((problem) => [problem.field, problem.message]));
}

function messageOf(body: unknown): string | null {
  if (!body || typeof body !== 'object' || !('message' in body)) {
    return null;
  }

  const message = (body as ApiErrorBody).message;
  return Array.isArray(message) ? message.join('; ') : message;
}
