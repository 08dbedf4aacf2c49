import {
  HttpErrorResponse,
  HttpEvent,
  HttpHandlerFn,
  HttpInterceptorFn,
  HttpRequest,
} from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, Observable, switchMap, tap, throwError } from 'rxjs';

import { AUTH_API, AuthService } from './auth.service';

/**
 * Sends the bearer token with every API call. On a 401 it renews the session once and retries;
 * when renewal fails, or the retry is refused too, the user goes back to sign-in.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!request.url.startsWith('/api/') || request.url.startsWith(AUTH_API)) {
    return next(request);
  }

  const auth = inject(AuthService);
  const token = auth.accessToken();

  return next(withBearer(request, token)).pipe(
    catchError((error: unknown) => {
      if (!isUnauthorized(error)) {
        return throwError(() => error);
      }

      if (!token) {
        auth.expire();
        return throwError(() => error);
      }

      return renewAndRetry(request, next, auth, error);
    }),
  );
};

function renewAndRetry(
  request: HttpRequest<unknown>,
  next: HttpHandlerFn,
  auth: AuthService,
  original: unknown,
): Observable<HttpEvent<unknown>> {
  return auth.renew().pipe(
    catchError(() => {
      auth.expire();
      return throwError(() => original);
    }),
    switchMap((fresh) =>
      next(withBearer(request, fresh)).pipe(
        tap({
          error: (error: unknown) => {
            if (isUnauthorized(error)) {
              auth.expire();
            }
          },
        }),
      ),
    ),
  );
}

function withBearer(request: HttpRequest<unknown>, token: string | null): HttpRequest<unknown> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

function isUnauthorized(error: unknown): boolean {
  return error instanceof HttpErrorResponse && error.status === 401;
}
