import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { LoginRequest, LoginResponse } from '@rampart/contracts';
import { finalize, map, Observable, shareReplay, tap, throwError } from 'rxjs';

import {
  Permission,
  roleAllows,
  Session,
  SESSION_KEY,
  SESSION_STORAGE,
  sessionFrom,
  SessionUser,
} from './session';

export const AUTH_API = '/api/v1/auth';

/** Holds the signed-in user's session, signs in and out, and renews the access token. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly storage = inject(SESSION_STORAGE);

  private readonly session = signal<Session | null>(this.restore());
  private renewal: Observable<string> | null = null;

  readonly user = computed<SessionUser | null>(() => this.session()?.user ?? null);
  readonly isSignedIn = computed(() => this.session() !== null);

  /** Set when the session ended on its own, so the sign-in page can say why. */
  readonly endedNotice = signal<string | null>(null);

  accessToken(): string | null {
    return this.session()?.accessToken ?? null;
  }

  can(permission: Permission): boolean {
    return roleAllows(this.user()?.role, permission);
  }

  signIn(credentials: LoginRequest): Observable<SessionUser> {
    return this.http.post<LoginResponse>(`${AUTH_API}/login`, credentials).pipe(
      tap((response) => this.keep(response)),
      map((response) => response.user),
    );
  }

  /**
   * Exchanges the refresh token for a new pair. Concurrent callers share one request, so a
   * burst of 401s spends the rotating refresh token once.
   */
  renew(): Observable<string> {
    const refreshToken = this.session()?.refreshToken;

    if (!refreshToken) {
      return throwError(() => new Error('There is no session to renew.'));
    }

    this.renewal ??= this.http.post<LoginResponse>(`${AUTH_API}/refresh`, { refreshToken }).pipe(
      map((response) => this.keep(response).accessToken),
      finalize(() => (this.renewal = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );

    return this.renewal;
  }

  /** The user chose to leave. */
  signOut(): void {
    // TODO: tell the console to revoke the refresh token once it offers auth/logout.
    this.clear();
    this.endedNotice.set(null);
    void this.router.navigate(['/sign-in']);
  }

  /** The console no longer accepts this session: back to sign-in, then back here. */
  expire(): void {
    if (!this.session()) {
      return;
    }

    const returnUrl = this.router.url;

    this.clear();
    this.endedNotice.set('Your session has ended. Sign in again to continue.');
    void this.router.navigate(['/sign-in'], { queryParams: { returnUrl } });
  }

  private keep(response: LoginResponse): Session {
    const session = sessionFrom(response);

    this.session.set(session);
    this.storage?.setItem(SESSION_KEY, JSON.stringify(session));

    return session;
  }

  private clear(): void {
    this.session.set(null);
    this.storage?.removeItem(SESSION_KEY);
  }

  private restore(): Session | null {
    const saved = this.storage?.getItem(SESSION_KEY);

    if (!saved) {
      return null;
    }

    try {
      return JSON.parse(saved) as Session;
    } catch (error: unknown) {
      console.warn('Ignoring an unreadable saved session', error);
      this.storage?.removeItem(SESSION_KEY);
      return null;
    }
  }
}
