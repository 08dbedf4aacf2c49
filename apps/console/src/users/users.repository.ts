import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';

import { RefreshTokenEntity, UserEntity } from './user.entity';

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(RefreshTokenEntity) private readonly tokens: Repository<RefreshTokenEntity>,
  ) {}

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ username });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { username: 'ASC' } });
  }

  create(user: Pick<UserEntity, 'username' | 'passwordHash' | 'role'>): Promise<UserEntity> {
    return this.users.save(this.users.create(user));
  }

  async update(id: string, changes: Partial<UserEntity>): Promise<void> {
    await this.users.update({ id }, changes);
  }

  countByRole(role: UserEntity['role']): Promise<number> {
    return this.users.countBy({ role });
  }

  async recordFailedLogin(id: string, lockedUntil: Date | null): Promise<void> {
    await this.users
      .createQueryBuilder()
      .update()
      .set({ failedLogins: () => 'failed_logins + 1', lockedUntil })
      .where('id = :id', { id })
      .execute();
  }

  async clearFailedLogins(id: string): Promise<void> {
    await this.users.update({ id }, { failedLogins: 0, lockedUntil: null });
  }

  async saveRefreshToken(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.tokens.insert({ userId, tokenHash, expiresAt });
  }

  /** Revokes the token and returns it, once: a second use of the same token finds nothing. */
  async consumeRefreshToken(tokenHash: string): Promise<RefreshTokenEntity | null> {
    const result = await this.tokens
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where({ tokenHash, revokedAt: IsNull() })
      .returning('*')
      .execute();
    const row = (result.raw as Record<string, unknown>[])[0];
    if (!row) return null;

    return this.tokens.create({
      id: row['id'] as string,
      userId: row['user_id'] as string,
      expiresAt: new Date(row['expires_at'] as string),
    });
  }

  findRefreshToken(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  async revokeAllRefreshTokens(userId: string): Promise<void> {
    await this.tokens.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
