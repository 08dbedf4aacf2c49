import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';

import type { NotificationRuleInput, NotificationRuleView } from '@rampart/contracts';

import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/auth.decorators';
import { DomainError, notFound } from '../common/domain-error';
import { StrategyEntity } from '../strategies/strategy.entity';
import { TargetEntity } from '../targets/target.entity';
import { NotificationQueue } from './notification-queue';
import { NotificationRuleEntity } from './notification.entity';

/** Who hears about what: rules are global, per strategy or per target, with their digests. */
@Injectable()
export class NotificationRulesService {
  constructor(
    @InjectRepository(NotificationRuleEntity)
    private readonly rules: Repository<NotificationRuleEntity>,
    @InjectRepository(StrategyEntity)
    private readonly strategies: Repository<StrategyEntity>,
    @InjectRepository(TargetEntity)
    private readonly targets: Repository<TargetEntity>,
    private readonly queue: NotificationQueue,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<NotificationRuleView[]> {
    const rules = await this.rules.find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return rules.map(toView);
  }

  async get(id: string): Promise<NotificationRuleView> {
    return toView(await this.load(id));
  }

  async create(input: NotificationRuleInput, user: AuthenticatedUser) {
    await this.checkScope(input);

    const rule = await this.rules.save(this.rules.create(fields(input)));
    await this.syncDigest(rule);
    await this.audit.record(user, 'notification_rule.create', 'notification_rule', rule.id, {
      ...input,
    });
    return toView(rule);
  }

  async update(id: string, input: NotificationRuleInput, user: AuthenticatedUser) {
    const rule = await this.load(id);
    await this.checkScope(input);

    Object.assign(rule, fields(input));
    const saved = await this.rules.save(rule);
    await this.syncDigest(saved);
    await this.audit.record(user, 'notification_rule.update', 'notification_rule', id, {
      ...input,
    });
    return toView(saved);
  }

  async remove(id: string, user: AuthenticatedUser): Promise<void> {
    const rule = await this.load(id);

    await this.rules.delete({ id });
    await this.queue.unscheduleDigest(id);
    await this.audit.record(user, 'notification_rule.delete', 'notification_rule', id, {
      name: rule.name,
    });
  }

  private async load(id: string): Promise<NotificationRuleEntity> {
    const rule = await this.rules.findOneBy({ id });
    if (!rule) throw notFound('notification rule', id);
    return rule;
  }

  private async checkScope(input: NotificationRuleInput): Promise<void> {
    const { strategyId, targetId } = input;
    if (strategyId && !(await this.strategies.existsBy({ id: strategyId, deletedAt: IsNull() }))) {
      throw unknownField('strategyId', 'strategy');
    }
    if (targetId && !(await this.targets.existsBy({ id: targetId }))) {
      throw unknownField('targetId', 'target');
    }
  }

  private async syncDigest(rule: NotificationRuleEntity): Promise<void> {
    if (!rule.enabled || !rule.events.includes('digest')) {
      await this.queue.unscheduleDigest(rule.id);
      return;
    }
    await this.queue.scheduleDigest(rule.id, rule.digestHour ?? 0, rule.timeZone ?? 'UTC');
  }
}

function unknownField(field: string, what: string): DomainError {
  const message = `names no ${what} in this console`;
  return new DomainError('validation', `${field} ${message}`, [{ field, message }]);
}

function fields(input: NotificationRuleInput): Partial<NotificationRuleEntity> {
  const digest = input.events.includes('digest');
  return {
    name: input.name,
    events: input.events,
    recipients: input.recipients,
    strategyId: input.strategyId,
    targetId: input.targetId,
    enabled: input.enabled,
    digestHour: digest ? input.digestHour : null,
    timeZone: digest ? input.timeZone : null,
  };
}

function toView(rule: NotificationRuleEntity): NotificationRuleView {
  return {
    id: rule.id,
    name: rule.name,
    events: rule.events,
    recipients: rule.recipients,
    strategyId: rule.strategyId,
    targetId: rule.targetId,
    enabled: rule.enabled,
    digestHour: rule.digestHour,
    timeZone: rule.timeZone,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}
