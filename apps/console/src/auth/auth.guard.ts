import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import type { Role } from '@rampart/contracts';

import { DomainError } from '../common/domain-error';
import { type AuthenticatedUser, hasRole, PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators';
import { TokenService } from './token.service';

/**
 * Global guard: every route needs a valid access token unless marked @Public, and at least
 * the viewer role unless it asks for more with @RequireRole.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<{
      headers: Record<string, string | undefined>;
      user?: AuthenticatedUser;
    }>();
    const token = bearerToken(request.headers['authorization']);
    const user = await this.tokens.verifyCurrentAccessToken(token);

    const least = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? 'viewer';
    if (!hasRole(user, least)) {
      throw new DomainError('forbidden', `this action needs the ${least} role`);
    }

    request.user = user;
    return true;
  }
}

function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw new DomainError('unauthenticated', 'sign in first: no bearer token');
  return match[1];
}
