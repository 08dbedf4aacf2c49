import { InjectionToken } from '@angular/core';
import type { LoginResponse, Role } from '@rampart/contracts';

export type SessionUser = LoginResponse['user'];

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which the access token stops being accepted. */
  expiresAt: number;
  user: SessionUser;
}

export function sessionFrom(response: LoginResponse, now = Date.now()): Session {
  return {
    accessToken: response.accessToken,
    refreshToken: response.refreshToken,
    expiresAt: now + response.expiresIn * 1000,
    user: response.user,
  };
}

/**
 * Where the session survives a page reload. Per tab on purpose: refresh tokens rotate, and two
 * tabs sharing one would race each other.
 * TODO: an httpOnly refresh cookie from the console would keep the token out of script reach.
 */
export const SESSION_STORAGE = new InjectionToken<Storage | null>('SESSION_STORAGE', {
  providedIn: 'root',
  factory: () => (typeof sessionStorage === 'undefined' ? null : sessionStorage),
});

export const SESSION_KEY = 'rampart.session';

/** What each role may do in the dashboard; the console enforces the same rules. */
const PERMISSIONS = {
  'run-strategy': ['operator', 'admin'],
  'cancel-run': ['operator', 'admin'],
  'edit-strategy': ['operator', 'admin'],
  'test-target': ['operator', 'admin'],
  administer: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleAllows(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
