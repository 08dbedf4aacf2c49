import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

import type { Role } from '@rampart/contracts';

export interface AuthenticatedUser {
  id: string;
  username: string;
  role: Role;
}

export const PUBLIC_ROUTE = 'rampart:public';
export const REQUIRED_ROLE = 'rampart:role';

/** The route answers without a token (sign-in, health, agent enrollment). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The least role that may call the route: viewer < operator < admin. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedUser =>
    ctx.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export function hasRole(user: Pick<AuthenticatedUser, 'role'>, least: Role): boolean {
  return RANK[user.role] >= RANK[least];
}
