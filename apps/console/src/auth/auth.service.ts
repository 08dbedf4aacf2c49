import { randomBytes } from 'node:crypto';

import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

import type { LoginRequest, LoginResponse, Role } from '@rampart/contracts';

import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import type { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { LoginThrottle } from './login-throttle';
import { sha256, TokenService } from './token.service';

const REFRESH_TOKEN_DAYS = 7;

/** One answer for every failed sign-in, so none tells whether a user exists or is locked. */
const SIGN_IN_REFUSED = 'wrong username or password';

/** A hash to verify against when the user does not exist, so timing does not tell. */
const DUMMY_HASH_INPUT = 'rampart-no-such-user';

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  private dummyHash: string | null = null;

  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.dummyHash = await hashPassword(DUMMY_HASH_INPUT);
    await this.createFirstAdmin();
  }

  /** `address` is the client's, as the HTTP server sees it (behind a proxy: the proxy's). */
  async login(request: LoginRequest, address: string): Promise<LoginResponse> {
    const username = request.username.toLowerCase();
    await this.throttle.reserve(address, username);

    const user = await this.users.findByUsername(username);
    const hash = user?.passwordHash ?? this.dummyHash ?? (await hashPassword(DUMMY_HASH_INPUT));
    if (!user || !(await verify(hash, request.password))) {
      // Not awaited: a known name must not answer slower than an unknown one.
      if (user) void this.recordFailure(user);
      throw new DomainError('unauthenticated', SIGN_IN_REFUSED);
    }

    await this.users.clearFailedLogins(user.id);
    await this.throttle.succeeded(address, username);
    await this.audit.record({ id: user.id, username: user.username }, 'login', 'user', user.id);
    return this.issueTokens(user);
  }

  async refresh(refreshToken: string): Promise<LoginResponse> {
    const tokenHash = sha256(refreshToken);
    const stored = await this.users.consumeRefreshToken(tokenHash);
    if (!stored) await this.revokeOnReuse(tokenHash);
    if (!stored || stored.expiresAt < new Date()) {
      throw new DomainError('unauthenticated', 'the refresh token is invalid or expired');
    }

    const user = await this.users.findById(stored.userId);
    if (!user) throw new DomainError('unauthenticated', 'the user no longer exists');
    return this.issueTokens(user);
  }

  /**
   * A refresh token used twice was copied: every token of that user is revoked, so whoever
   * holds the copy (or its successors) must sign in again.
   */
  private async revokeOnReuse(tokenHash: string): Promise<void> {
    const spent = await this.users.findRefreshToken(tokenHash);
    if (!spent) return;

    await this.users.revokeAllRefreshTokens(spent.userId);
    this.logger.warn({ msg: 'refresh token reused: all sessions revoked', userId: spent.userId });
    await this.audit.record(null, 'refresh-reuse', 'user', spent.userId);
  }

  /** Usernames are case-insensitive: `ADMIN` can never stand beside `admin`. */
  async createUser(name: string, password: string, role: Role): Promise<UserEntity> {
    const username = name.toLowerCase();
    if (await this.users.findByUsername(username)) {
      throw new DomainError('conflict', `a user named ${username} exists already`);
    }
    return this.users.create({ username, role, passwordHash: await hashPassword(password) });
  }

  private async issueTokens(user: UserEntity): Promise<LoginResponse> {
    const identity = { id: user.id, username: user.username, role: user.role };
    const refresh = this.tokens.newRefreshToken();
    const expiresAt = new Date(Date.now() + REFRESH_TOKEN_DAYS * 86_400_000);
    await this.users.saveRefreshToken(user.id, refresh.hash, expiresAt);

    return {
      accessToken: this.tokens.issueAccessToken(identity),
      refreshToken: refresh.token,
      expiresIn: this.tokens.accessTokenSeconds,
      user: identity,
    };
  }

  /**
   * Counts the failure for the users page and the audit trail. There is no account-wide lock:
   * anyone could keep a user locked out with it; LoginThrottle stops the guessing address.
   */
  private async recordFailure(user: UserEntity): Promise<void> {
    try {
      await this.users.recordFailedLogin(user.id, null);
      if ((user.failedLogins + 1) % 5 === 0) {
        this.logger.warn({ msg: 'repeated failed sign-ins', user: user.username });
      }
    } catch (error) {
      this.logger.error({ msg: 'could not record a failed sign-in', error: String(error) });
    }
  }

  private async createFirstAdmin(): Promise<void> {
    if ((await this.users.count()) > 0) return;

    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    await this.createUser('admin', password, 'admin');
    await this.audit.record(null, 'create', 'user', 'admin', { reason: 'first start' });

    if (!this.config.adminPassword) {
      // Printed once, on the console's own terminal, when the first admin is created.
      process.stdout.write(
        `\n  First start: created user "admin" with password ${password}\n` +
          '  (set RAMPART_ADMIN_PASSWORD to choose it; change it after signing in)\n\n',
      );
    }
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}
