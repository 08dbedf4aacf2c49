import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';

import {
  describeSchedule,
  type RunState,
  type StrategyDocument,
  strategyDocumentSchema,
} from '@rampart/contracts';

import { type Actor, AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/domain-error';
import { RunEntity } from '../runs/run.entity';
import { TargetsService } from '../targets/targets.service';
import { StrategyEntity } from './strategy.entity';

export interface StrategyView {
  id: string;
  name: string;
  targetId: string;
  targetName: string;
  type: string;
  priority: string;
  enabled: boolean;
  scheduleSummary: string | null;
  version: number;
  lastRun: { id: string; status: RunState; finishedAt: string | null } | null;
  document: StrategyDocument;
}

@Injectable()
export class StrategiesService {
  constructor(
    @InjectRepository(StrategyEntity) private readonly strategies: Repository<StrategyEntity>,
    @InjectRepository(RunEntity) private readonly runs: Repository<RunEntity>,
    private readonly targets: TargetsService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<StrategyView[]> {
    const rows = await this.strategies.find({
      where: { deletedAt: IsNull() },
      order: { name: 'ASC' },
    });
    return Promise.all(rows.map((s) => this.view(s)));
  }

  async get(id: string): Promise<StrategyEntity> {
    const strategy = await this.strategies.findOneBy({ id, deletedAt: IsNull() });
    if (!strategy) throw notFound('strategy', id);
    return strategy;
  }

  async create(input: unknown, actor: Actor): Promise<StrategyView> {
    const document = parseDocument(input);
    const target = await this.targets.findByName(document.target);
    if (!target) {
      throw new DomainError('validation', `target ${document.target} is not known`, [
        { field: 'target', message: 'is not a known target: add the target first' },
      ]);
    }
    await this.ensureNameFree(document.name);

    const strategy = await this.strategies.save(
      this.strategies.create({
        name: document.name,
        targetId: target.id,
        type: document.type,
        priority: document.priority,
        enabled: document.schedule?.enabled ?? true,
        document: { ...document, target: target.name },
      }),
    );

    await this.audit.record(actor, 'create', 'strategy', strategy.id, { document });
    return this.view(strategy);
  }

  async setEnabled(id: string, enabled: boolean, actor: Actor): Promise<StrategyView> {
    const strategy = await this.get(id);
    strategy.enabled = enabled;
    strategy.version += 1;
    await this.strategies.save(strategy);

    await this.audit.record(actor, enabled ? 'enable' : 'disable', 'strategy', id);
    return this.view(strategy);
  }

  async view(strategy: StrategyEntity): Promise<StrategyView> {
    const [target, lastRun] = await Promise.all([
      this.targets.get(strategy.targetId),
      this.runs.findOne({ where: { strategyId: strategy.id }, order: { queuedAt: 'DESC' } }),
    ]);

    return {
      id: strategy.id,
      name: strategy.name,
      targetId: strategy.targetId,
      targetName: target.name,
      type: strategy.type,
      priority: strategy.priority,
      enabled: strategy.enabled,
      scheduleSummary: strategy.document.schedule
        ? describeSchedule(strategy.document.schedule.spec)
        : null,
      version: strategy.version,
      lastRun: lastRun
        ? {
            id: lastRun.id,
            status: lastRun.status,
            finishedAt: lastRun.finishedAt?.toISOString() ?? null,
          }
        : null,
      document: strategy.document,
    };
  }

  private async ensureNameFree(name: string): Promise<void> {
    const clash = await this.strategies
      .createQueryBuilder('s')
      .where('lower(s.name) = lower(:name) AND s.deleted_at IS NULL', { name })
      .getCount();
    if (clash) throw new DomainError('conflict', `a strategy named "${name}" exists already`);
  }
}

function parseDocument(input: unknown): StrategyDocument {
  const result = strategyDocumentSchema.safeParse(input);
  if (result.success) return result.data;

  const problems = result.error.issues.map((i) => ({
    field: i.path.join('.') || '(body)',
    message: i.message,
  }));
  throw new DomainError(
    'validation',
    problems.map((p) => `${p.field} ${p.message}`).join('; '),
    problems,
  );
}
