import { createHash, randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Redis } from 'ioredis';

import { ROLES, type Role } from '@rampart/contracts';

import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { DomainError } from '../common/domain-error';
import { REDIS } from '../redis.provider';
import type { AuthenticatedUser } from './auth.decorators';

interface AccessClaims {
  sub: string;
  name: string;
  role: Role;
  typ: 'access';
  /** Issued at, in milliseconds: a revocation in the same second still tells before from after. */
  ims?: number;
}

@Injectable()
export class TokenService {
  private readonly revokedListeners = new Set<(userId: string) => void>();

  constructor(
    private readonly jwt: JwtService,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  get accessTokenSeconds(): number {
    return this.config.accessTokenSeconds;
  }

  issueAccessToken(user: AuthenticatedUser): string {
    const claims: AccessClaims = {
      sub: user.id,
      name: user.username,
      role: user.role,
      typ: 'access',
      ims: Date.now(),
    };
    return this.jwt.sign(claims, { expiresIn: this.config.accessTokenSeconds });
  }

  verifyAccessToken(token: string): AuthenticatedUser {
    let claims: AccessClaims;
    try {
      claims = this.jwt.verify<AccessClaims>(token);
    } catch {
      throw new DomainError('unauthenticated', 'the access token is invalid or expired');
    }

    if (claims.typ !== 'access' || !ROLES.includes(claims.role)) {
      throw new DomainError('unauthenticated', 'the access token is invalid or expired');
    }
    return { id: claims.sub, username: claims.name, role: claims.role };
  }

  /**
   * As `verifyAccessToken`, and refuses a token issued before the user's role or password
   * last changed: the cut-off is kept in Redis (every replica sees it) for as long as a token
   * issued before it could live.
   */
  async verifyCurrentAccessToken(token: string): Promise<AuthenticatedUser> {
    const user = this.verifyAccessToken(token);
    const issuedAt = this.jwt.decode<AccessClaims>(token)?.ims ?? 0;

    const cutOff = await this.redis.get(this.cutOffKey(user.id));
    if (cutOff !== null && issuedAt < Number(cutOff)) {
      throw new DomainError('unauthenticated', 'your role or password changed: sign in again');
    }
    return user;
  }

  /** Signs a user's access tokens out everywhere, from now on, open dashboards included. */
  async revokeAccessTokens(userId: string): Promise<void> {
    const now = Date.now();
    await this.redis.set(this.cutOffKey(userId), String(now), 'EX', this.accessTokenSeconds + 60);
    for (const listener of this.revokedListeners) listener(userId);
  }

  /** For the dashboard socket gateway: close the sockets of a user signed out. */
  onRevoked(listener: (userId: string) => void): void {
    this.revokedListeners.add(listener);
  }

  private cutOffKey(userId: string): string {
    return `${this.config.queuePrefix}:access-cut-off:${userId}`;
  }

  /** An opaque refresh token; only its hash is stored. */
  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: sha256(token) };
  }
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
