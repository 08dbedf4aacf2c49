import { Injectable } from '@nestjs/common';
import { verify } from '@node-rs/argon2';

import type {
  PasswordChangeRequest,
  UserCreateRequest,
  UserPatchRequest,
  UserView,
} from '@rampart/contracts';

import { type Actor, AuditService } from '../audit/audit.service';
import { AuthService, hashPassword } from '../auth/auth.service';
import { LoginThrottle } from '../auth/login-throttle';
import { TokenService } from '../auth/token.service';
import { DomainError, notFound } from '../common/domain-error';
import type { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

/** The console's users: admins manage them; everyone may change their own password. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  async list(): Promise<UserView[]> {
    return (await this.users.list()).map(view);
  }

  async create(input: UserCreateRequest, actor: Actor): Promise<UserView> {
    const user = await this.auth.createUser(input.username, input.password, input.role);

    await this.audit.record(actor, 'create', 'user', user.id, {
      username: user.username,
      role: user.role,
    });
    return view(user);
  }

  /** Role change, password reset (signs the user out everywhere) and unlock. */
  async patch(id: string, patch: UserPatchRequest, actor: Actor): Promise<UserView> {
    const user = await this.get(id);
    if (patch.role && patch.role !== user.role) await this.ensureAdminRemains(user);

    const changes: Partial<UserEntity> = {};
    if (patch.role) changes.role = patch.role;
    if (patch.password) changes.passwordHash = await hashPassword(patch.password);
    if (patch.unlock || patch.password) {
      Object.assign(changes, { failedLogins: 0, lockedUntil: null });
    }
    await this.users.update(id, changes);
    if (patch.unlock || patch.password) await this.throttle.clear(user.username);
    if (patch.password || patch.role) {
      await this.users.revokeAllRefreshTokens(id);
      await this.tokens.revokeAccessTokens(id);
    }

    await this.audit.record(actor, 'update', 'user', id, {
      ...(patch.role ? { role: { from: user.role, to: patch.role } } : {}),
      passwordReset: patch.password !== undefined,
      unlocked: patch.unlock === true,
    });
    return view(await this.get(id));
  }

  async changeOwnPassword(actor: Actor & { id: string }, request: PasswordChangeRequest) {
    const user = await this.get(actor.id);
    if (!(await verify(user.passwordHash, request.currentPassword))) {
      throw new DomainError('validation', 'currentPassword is wrong', [
        { field: 'currentPassword', message: 'is not your current password' },
      ]);
    }

    await this.users.update(user.id, { passwordHash: await hashPassword(request.newPassword) });
    await this.users.revokeAllRefreshTokens(user.id);
    await this.tokens.revokeAccessTokens(user.id);
    await this.audit.record(actor, 'change-password', 'user', user.id);
  }

  private async get(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw notFound('user', id);
    return user;
  }

  private async ensureAdminRemains(user: UserEntity): Promise<void> {
    if (user.role !== 'admin' || (await this.users.countByRole('admin')) > 1) return;

    throw new DomainError('conflict', `${user.username} is the last admin: make another first`, [
      { field: 'role', message: 'cannot demote the last admin' },
    ]);
  }
}

function view(user: UserEntity): UserView {
  const locked = user.lockedUntil !== null && user.lockedUntil > new Date();
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    locked,
    lockedUntil: locked ? (user.lockedUntil?.toISOString() ?? null) : null,
    failedLogins: user.failedLogins,
    createdAt: user.createdAt.toISOString(),
  };
}
