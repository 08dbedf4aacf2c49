import { Inject, Injectable, Logger } from '@nestjs/common';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';

import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import {
  classifySmtpError,
  MailDeliveryError,
  type MailReceipt,
  SmtpMailer,
} from '../settings/smtp-mailer';
import { NotificationContent } from './notification-content';
import type { NotificationEntity } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';

export type DeliveryResult = 'sent' | 'skipped: already final';

/**
 * One delivery attempt of one message. The row decides, not the job: a message already sent
 * or failed is skipped however often its job runs, and an attempt holds a lease so that a
 * second worker (a stalled job picked up again) waits instead of sending a copy.
 * TODO: a crash after the server's 250 and before the outcome is stored still resends once
 * the lease ends (SMTP has no idempotent submit); the stable Message-ID lets mail systems
 * drop that copy.
 */
@Injectable()
export class NotificationDelivery {
  private readonly logger = new Logger(NotificationDelivery.name);

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly content: NotificationContent,
    private readonly mailer: SmtpMailer,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  async deliver(job: Job<{ notificationId: string }>, token?: string): Promise<DeliveryResult> {
    const id = job.data.notificationId;
    const current = await this.notifications.findById(id);
    if (!current || current.status !== 'pending') return 'skipped: already final';

    const mail = await this.content.build(current);
    const claim = await this.notifications.claim(id, this.config.notify.leaseSeconds);
    if (!claim) return this.waitForOtherAttempt(id, job, token);
    if (claim.abandonedLease) await this.noteAbandoned(claim.notification, claim.abandonedLease);

    try {
      const receipt = await this.mailer.send({
        ...mail,
        to: current.recipients,
        messageId: `<${id}@rampart.notifications>`,
        headers: current.runId ? { 'X-Rampart-Run': current.runId } : {},
      });
      await this.recordSent(current, receipt);
      return 'sent';
    } catch (error) {
      throw await this.recordFailure(current, job, error);
    }
  }

  private async recordSent(n: NotificationEntity, receipt: MailReceipt): Promise<void> {
    const refused = receipt.rejected.length ? ` (refused: ${receipt.rejected.join(', ')})` : '';
    const attempt = {
      at: new Date().toISOString(),
      ok: true,
      response: receipt.response + refused,
    };

    await this.notifications.recordOutcome(n.id, {
      attempt,
      status: 'sent',
      messageId: receipt.messageId,
    });
    this.logger.log({
      msg: 'notification sent',
      notificationId: n.id,
      runId: n.runId,
      event: n.event,
      answer: receipt.response,
    });
  }

  /** Records the failed attempt; returns what the job throws (no retry when it cannot help). */
  private async recordFailure(n: NotificationEntity, job: Job, error: unknown): Promise<Error> {
    const failure = error instanceof MailDeliveryError ? error : classifySmtpError(error);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const final = failure.permanent || lastAttempt;
    const attempt = { at: new Date().toISOString(), ok: false, response: failure.report };

    await this.notifications.recordOutcome(n.id, { attempt, status: final ? 'failed' : 'pending' });
    this.logger.warn({
      msg: final ? 'notification failed' : 'notification attempt failed, will retry',
      notificationId: n.id,
      runId: n.runId,
      event: n.event,
      answer: failure.message,
    });
    return failure.permanent ? new UnrecoverableError(failure.report) : failure;
  }

  private async noteAbandoned(n: NotificationEntity, leaseEnd: Date): Promise<void> {
    const started = new Date(leaseEnd.getTime() - this.config.notify.leaseSeconds * 1000);
    await this.notifications.recordAbandoned(n.id, started);
    this.logger.warn({ msg: 'an earlier attempt left no outcome', notificationId: n.id });
  }

  /** Another attempt holds the lease: come back when it ends rather than send a copy. */
  private async waitForOtherAttempt(id: string, job: Job, token?: string): Promise<DeliveryResult> {
    const row = await this.notifications.findById(id);
    if (!row || row.status !== 'pending' || !row.leaseUntil || !token) {
      return 'skipped: already final';
    }

    await job.moveToDelayed(row.leaseUntil.getTime() + 1000, token);
    throw new DelayedError();
  }
}
