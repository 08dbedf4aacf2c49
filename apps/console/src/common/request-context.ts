import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** A caller's x-request-id is kept when it is a sane token; otherwise a fresh one is made. */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(header: unknown): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  return typeof candidate === 'string' && ACCEPTED_REQUEST_ID.test(candidate)
    ? candidate
    : randomUUID();
}

/** Runs `work` with the request's correlation id visible to every log line it causes. */
export function withRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
