import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { Subscription } from 'rxjs';
import { Repository } from 'typeorm';

import { NOTIFY_EVENTS, type NotifyEvent } from '@rampart/contracts';

import { RunEventsBus } from '../runs/run-events.bus';
import type { RunView } from '../runs/run-view';
import { StrategyEntity } from '../strategies/strategy.entity';
import { localDay } from './digest-message';
import { NotificationDelivery } from './notification-delivery';
import { runMessage } from './notification-message';
import { planRunMessages, type RecipientRule, ruleCovers } from './notification-plan';
import { NotificationQueue } from './notification-queue';
import { NotificationRuleEntity } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';

const DAY_MS = 86_400_000;
const STALLED_AFTER_MS = 60_000;

/**
 * Turns finished runs into messages (one per run, event and rule, each recipient once) and
 * daily digests into one message per rule and day, then hands each to the delivery queue.
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationsService.name);
  private subscription: Subscription | null = null;

  constructor(
    private readonly notifications: NotificationsRepository,
    @InjectRepository(NotificationRuleEntity)
    private readonly rules: Repository<NotificationRuleEntity>,
    @InjectRepository(StrategyEntity)
    private readonly strategies: Repository<StrategyEntity>,
    private readonly queue: NotificationQueue,
    private readonly delivery: NotificationDelivery,
    private readonly bus: RunEventsBus,
  ) {}

  onModuleInit(): void {
    this.queue.process((job, token) => this.handle(job, token));
    this.subscription = this.bus.events$.subscribe((event) => {
      if (event.kind === 'finished') void this.onRunFinished(event.run);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.queue.scheduleSweep();
      await this.reconcileDigests();
    } catch (error) {
      this.logger.error({ msg: 'could not schedule digests and sweeps', error: String(error) });
    }
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** Plans and queues the messages of a finished run; safe to call again for the same run. */
  async onRunFinished(run: RunView): Promise<string[]> {
    if (!isNotifyEvent(run.status)) return [];
    const event = run.status;

    try {
      const ids = await this.planRun(run, event);
      for (const id of ids) await this.queue.send(id);
      return ids;
    } catch (error) {
      const msg = 'could not queue notifications';
      this.logger.error({ msg, runId: run.id, target: run.targetName, error: String(error) });
      return [];
    }
  }

  /** The digest of one rule for the day ending at `firedAt`; a second call adds nothing. */
  async fireDigest(ruleId: string, firedAt: Date): Promise<string | null> {
    const rule = await this.rules.findOneBy({ id: ruleId });
    if (!rule?.enabled || !rule.events.includes('digest')) return null;

    const day = localDay(firedAt, rule.timeZone ?? 'UTC');
    const id = await this.notifications.insertOnce({
      dedupKey: `digest:${rule.id}:${day}`,
      runId: null,
      ruleId: rule.id,
      event: 'digest',
      recipients: rule.recipients,
      subject: `[Rampart] Daily digest ${day} (${rule.name})`,
      periodFrom: new Date(firedAt.getTime() - DAY_MS),
      periodTo: firedAt,
    });
    if (id) await this.queue.send(id);
    return id;
  }

  /**
   * Re-queues pending messages whose job was lost (a console stopped before adding it).
   * TODO: a run whose `finished` bus event was lost (console stopped between storing the
   * final state and planning) gets no message; planning from logs_backup here would fix it.
   */
  async sweep(): Promise<number> {
    const stalled = await this.notifications.findStalled(
      new Date(Date.now() - STALLED_AFTER_MS),
      500,
    );
    for (const id of stalled) await this.queue.send(id);
    return stalled.length;
  }

  /** Every digest rule has its scheduler, and no scheduler outlives its rule. */
  async reconcileDigests(): Promise<void> {
    const rules = await this.rules.find();
    const wanted = new Map(
      rules.filter((r) => r.enabled && r.events.includes('digest')).map((r) => [r.id, r]),
    );

    for (const scheduled of await this.queue.scheduledDigests()) {
      if (!wanted.has(scheduled.ruleId)) await this.queue.unscheduleDigest(scheduled.ruleId);
    }
    for (const rule of wanted.values()) {
      await this.queue.scheduleDigest(rule.id, rule.digestHour ?? 0, rule.timeZone ?? 'UTC');
    }
  }

  private handle(job: Job, token?: string): Promise<unknown> {
    switch (job.name) {
      case 'send':
        return this.delivery.deliver(job, token);
      case 'digest':
        return this.fireDigest(job.data.ruleId, scheduledTime(job));
      case 'sweep':
        return this.sweep();
      default:
        return Promise.resolve(`skipped: unknown job ${job.name}`);
    }
  }

  private async planRun(run: RunView, event: NotifyEvent): Promise<string[]> {
    const recipientRules = await this.recipientRules(run, event);
    if (!recipientRules.length) return [];

    const subject = runMessage({ run, event, lastLines: [], runUrl: '' }).subject;
    return this.notifications.withRunEventLock(run.id, event, async (manager) => {
      const addressed = await this.notifications.addressedFor(manager, run.id, event);
      const planned = planRunMessages(run.id, event, recipientRules, addressed);
      const ids: string[] = [];
      for (const message of planned) {
        const fields = { ...message, runId: run.id, event, subject };
        const id = await this.notifications.insertOnce(fields, manager);
        if (id) ids.push(id);
      }
      return ids;
    });
  }

  /** The explicit rules that cover the run, oldest first, then the strategy's own block. */
  private async recipientRules(run: RunView, event: NotifyEvent): Promise<RecipientRule[]> {
    const rules = await this.rules.find({ order: { createdAt: 'ASC', id: 'ASC' } });
    const explicit = rules
      .filter((rule) => ruleCovers(rule, run, event))
      .map((rule) => ({ key: rule.id, ruleId: rule.id, recipients: rule.recipients }));

    const strategy = run.strategyId
      ? await this.strategies.findOneBy({ id: run.strategyId })
      : null;
    const notify = strategy?.document.notify;
    if (!strategy || !notify?.on.includes(event) || !notify.recipients.length) return explicit;

    const own = { key: `strategy:${strategy.id}`, ruleId: null, recipients: notify.recipients };
    return [...explicit, own];
  }
}

/** When a scheduler's job was meant to run, to the minute (not when a worker got to it). */
function scheduledTime(job: Job): Date {
  const planned = job.timestamp + (job.delay ?? 0);
  return new Date(Math.floor(planned / 60_000) * 60_000);
}

function isNotifyEvent(state: string): state is NotifyEvent {
  return (NOTIFY_EVENTS as readonly string[]).includes(state);
}
