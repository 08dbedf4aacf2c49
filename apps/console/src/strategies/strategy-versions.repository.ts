import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';

import type { StrategyChange, StrategyVersionView } from '@rampart/contracts';

import type { Actor } from '../audit/audit.service';
import type { StrategyEntity } from './strategy.entity';
import { StrategyVersionEntity } from './strategy-version.entity';

/** The history of every strategy: one row per saved version, never updated or deleted. */
@Injectable()
export class StrategyVersionsRepository {
  constructor(
    @InjectRepository(StrategyVersionEntity)
    private readonly versions: Repository<StrategyVersionEntity>,
  ) {}

  /** Inserts the strategy's current version; pass the manager of the saving transaction. */
  async record(
    strategy: StrategyEntity,
    change: StrategyChange,
    actor: Actor,
    manager: EntityManager = this.versions.manager,
  ): Promise<void> {
    await manager.insert(StrategyVersionEntity, {
      strategyId: strategy.id,
      version: strategy.version,
      change,
      enabled: strategy.enabled,
      document: strategy.document,
      changedBy: actor.id,
      changedByName: actor.username,
    });
  }

  async list(strategyId: string): Promise<StrategyVersionView[]> {
    const rows = await this.versions.find({ where: { strategyId }, order: { version: 'DESC' } });
    return rows.map(view);
  }

  async pick(strategyId: string, versions: number[]): Promise<StrategyVersionEntity[]> {
    return this.versions.findBy({ strategyId, version: In(versions) });
  }
}

function view(row: StrategyVersionEntity): StrategyVersionView {
  return {
    version: row.version,
    change: row.change,
    enabled: row.enabled,
    changedBy: row.changedByName,
    changedAt: row.changedAt.toISOString(),
    document: row.document,
  };
}
