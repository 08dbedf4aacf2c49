import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createTransport } from 'nodemailer';
import type { Subscription } from 'rxjs';
import { Repository } from 'typeorm';

import { NOTIFY_EVENTS, type NotifyEvent } from '@rampart/contracts';

import { SecretBox } from '../common/secret-box';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { REDIS } from '../redis.provider';
import { RunEventsBus } from '../runs/run-events.bus';
import { type RunView, toRunView } from '../runs/run-view';
import { RunsRepository } from '../runs/runs.repository';
import { runMessage } from './notification-message';
import {
  NotificationEntity,
  NotificationRuleEntity,
  SmtpSettingsEntity,
} from './notification.entity';

const QUEUE = 'notifications';
const MAX_ATTEMPTS = 8;
const LAST_LINES = 20;

/**
 * Turns finished runs into e-mails: one message per run, event and rule (a unique index keeps
 * it so), delivered through a BullMQ queue with retries, every attempt kept in the history.
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(NotificationsService.name);
  private queue: Queue | null = null;
  private worker: Worker | null = null;
  private subscription: Subscription | null = null;

  constructor(
    @InjectRepository(NotificationEntity)
    private readonly notifications: Repository<NotificationEntity>,
    @InjectRepository(NotificationRuleEntity)
    private readonly rules: Repository<NotificationRuleEntity>,
    @InjectRepository(SmtpSettingsEntity)
    private readonly smtp: Repository<SmtpSettingsEntity>,
    private readonly runs: RunsRepository,
    private readonly bus: RunEventsBus,
    private readonly secrets: SecretBox,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  onModuleInit(): void {
    const options = { connection: this.redis.duplicate(), prefix: this.config.queuePrefix };
    this.queue = new Queue(QUEUE, options);
    this.worker = new Worker(QUEUE, (job) => this.deliver(job.data.notificationId), {
      ...options,
      connection: this.redis.duplicate(),
      concurrency: 4,
    });
    this.worker.on('failed', (job, error) => void this.onAttemptFailed(job?.data, job, error));

    this.subscription = this.bus.events$.subscribe((event) => {
      if (event.kind === 'finished') void this.onRunFinished(event.run);
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.worker?.close();
    await this.queue?.close();
  }

  async onRunFinished(run: RunView): Promise<void> {
    if (!isNotifyEvent(run.status)) return;
    const event = run.status;

    try {
      const rules = await this.matchingRules(run, event);
      for (const rule of rules) await this.createAndQueue(run, event, rule);
    } catch (error) {
      this.logger.error({
        msg: 'could not queue notifications',
        runId: run.id,
        error: String(error),
      });
    }
  }

  list(filter: { status?: string; runId?: string; limit: number }) {
    return this.notifications.find({
      where: {
        ...(filter.status ? { status: filter.status as NotificationEntity['status'] } : {}),
        ...(filter.runId ? { runId: filter.runId } : {}),
      },
      order: { createdAt: 'DESC' },
      take: filter.limit,
    });
  }

  private async matchingRules(run: RunView, event: NotifyEvent) {
    const rules = await this.rules.find({ where: { enabled: true } });
    return rules.filter(
      (r) =>
        r.events.includes(event) &&
        (r.strategyId === null || r.strategyId === run.strategyId) &&
        (r.targetId === null || r.targetId === run.targetId),
    );
  }

  private async createAndQueue(run: RunView, event: NotifyEvent, rule: NotificationRuleEntity) {
    const content = runMessage({ run, event, lastLines: [], runUrl: this.runUrl(run.id) });
    const inserted = await this.notifications
      .createQueryBuilder()
      .insert()
      .values({
        runId: run.id,
        ruleId: rule.id,
        event,
        recipients: rule.recipients,
        subject: content.subject,
        status: 'pending',
      })
      .orIgnore()
      .returning('id')
      .execute();
    const id = (inserted.raw as { id: string }[])[0]?.id;
    if (!id) return;

    await this.queue?.add(
      'send',
      { notificationId: id },
      {
        jobId: id,
        attempts: MAX_ATTEMPTS,
        backoff: { type: 'exponential', delay: 2_000 },
        removeOnComplete: true,
        removeOnFail: { age: 30 * 86_400 },
      },
    );
  }

  /** One delivery attempt. Already sent → nothing to do, however often the job runs. */
  private async deliver(notificationId: string): Promise<void> {
    const notification = await this.notifications.findOneBy({ id: notificationId });
    if (!notification || notification.status === 'sent') return;

    const settings = await this.smtp.findOneBy({ id: 1 });
    if (!settings) {
      await this.recordAttempt(notification, false, 'SMTP is not configured: set it in Settings');
      throw new UnrecoverableError('SMTP is not configured');
    }

    const content = await this.contentFor(notification);
    const info = await this.transport(settings).sendMail({
      from: settings.sender,
      to: notification.recipients,
      subject: content.subject,
      text: content.text,
      html: content.html,
      headers: notification.runId ? { 'X-Rampart-Run': notification.runId } : {},
    });

    notification.status = 'sent';
    notification.messageId = info.messageId;
    notification.sentAt = new Date();
    await this.recordAttempt(notification, true, info.response);
    this.logger.log({ msg: 'notification sent', notificationId, runId: notification.runId });
  }

  private async onAttemptFailed(
    data: { notificationId?: string } | undefined,
    job: { attemptsMade: number; opts: { attempts?: number } } | undefined,
    error: Error,
  ) {
    const id = data?.notificationId;
    if (!id || error.name === 'UnrecoverableError') {
      if (id) await this.notifications.update({ id }, { status: 'failed' });
      return;
    }

    const notification = await this.notifications.findOneBy({ id });
    if (!notification || notification.status === 'sent') return;

    const final = !!job && job.attemptsMade >= (job.opts.attempts ?? MAX_ATTEMPTS);
    if (final) notification.status = 'failed';
    await this.recordAttempt(notification, false, error.message);
    this.logger.warn({ msg: 'notification attempt failed', notificationId: id, final });
  }

  private async recordAttempt(n: NotificationEntity, ok: boolean, response: string) {
    n.attempts += 1;
    n.lastResponse = response.slice(0, 1000);
    n.attemptLog = [
      ...n.attemptLog,
      { at: new Date().toISOString(), ok, response: n.lastResponse },
    ];
    await this.notifications.save(n);
  }

  private async contentFor(notification: NotificationEntity) {
    const run = notification.runId ? await this.runs.findById(notification.runId) : null;
    if (!run) {
      return {
        subject: notification.subject,
        text: notification.subject,
        html: notification.subject,
      };
    }

    const lines = await this.runs.lastLines(run.id, LAST_LINES);
    return runMessage({
      run: toRunView(run),
      event: notification.event,
      lastLines: lines,
      runUrl: this.runUrl(run.id),
    });
  }

  private transport(settings: SmtpSettingsEntity) {
    const password = settings.passwordEnc
      ? this.secrets.open(settings.passwordEnc, 'smtp')
      : undefined;
    return createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.security === 'tls',
      requireTLS: settings.security === 'starttls',
      ignoreTLS: settings.security === 'none',
      tls: { rejectUnauthorized: settings.rejectUnauthorized },
      auth: settings.username ? { user: settings.username, pass: password } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  private runUrl(runId: string): string {
    return `${this.config.publicUrl.replace(/\/$/, '')}/runs/${runId}`;
  }
}

function isNotifyEvent(state: string): state is NotifyEvent {
  return (NOTIFY_EVENTS as readonly string[]).includes(state);
}
