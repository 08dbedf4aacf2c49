import { createHash, randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { ROLES, type Role } from '@rampart/contracts';

import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { DomainError } from '../common/domain-error';
import type { AuthenticatedUser } from './auth.decorators';

interface AccessClaims {
  sub: string;
  name: string;
  role: Role;
  typ: 'access';
}

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
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

  /** An opaque refresh token; only its hash is stored. */
  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: sha256(token) };
  }
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
