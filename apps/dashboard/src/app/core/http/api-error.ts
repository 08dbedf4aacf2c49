import { HttpErrorResponse } from '@angular/common/http';

import type { ApiErrorBody } from '../api/api.types';

/** Turns any failed call into one sentence a DBA can act on. */
export function describeError(error: unknown, action: string): string {
  if (!(error instanceof HttpErrorResponse)) {
    return `Could not ${action}: ${error instanceof Error ? error.message : String(error)}`;
  }

  if (error.status === 0) {
    return `Could not ${action}: the console cannot be reached. Check that it is running.`;
  }

  const detail = messageOf(error.error) ?? error.statusText ?? 'unexpected error';

  return `Could not ${action}: ${detail} (HTTP ${error.status}).`;
}

function messageOf(body: unknown): string | null {
  if (!body || typeof body !== 'object' || !('message' in body)) {
    return null;
  }

  const message = (body as ApiErrorBody).message;

  return Array.isArray(message) ? message.join('; ') : message;
}
