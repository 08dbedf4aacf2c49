import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { toRunView } from '../runs/run-view';
import { RunsRepository } from '../runs/runs.repository';
import { digestMessage } from './digest-message';
import { type MailContent, runMessage } from './notification-message';
import { NotificationEntity, NotificationRuleEntity } from './notification.entity';

const LAST_LINES = 20;
const DIGEST_MAX_RUNS = 500;

/** Renders a stored message from the database as it is at send time. */
@Injectable()
export class NotificationContent {
  constructor(
    private readonly runs: RunsRepository,
    @InjectRepository(NotificationRuleEntity)
    private readonly rules: Repository<NotificationRuleEntity>,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  build(notification: NotificationEntity): Promise<MailContent> {
    return notification.event === 'digest' ? this.digest(notification) : this.run(notification);
  }

  runUrl(runId: string): string {
    return `${this.baseUrl()}/runs/${runId}`;
  }

  private async run(notification: NotificationEntity): Promise<MailContent> {
    const run = notification.runId ? await this.runs.findById(notification.runId) : null;
    if (!run) return subjectOnly(notification, 'The run has been deleted since.');

    const lastLines = await this.runs.lastLines(run.id, LAST_LINES);
    return runMessage({
      run: toRunView(run),
      event: notification.event,
      lastLines,
      runUrl: this.runUrl(run.id),
      verdict: run.verdict,
    });
  }

  private async digest(notification: NotificationEntity): Promise<MailContent> {
    const rule = notification.ruleId
      ? await this.rules.findOneBy({ id: notification.ruleId })
      : null;
    const { periodFrom, periodTo } = notification;
    if (!rule || !periodFrom || !periodTo) {
      return subjectOnly(notification, 'The rule of this digest has been deleted since.');
    }

    const runs = await this.runs
      .filtered({ strategyId: rule.strategyId ?? undefined, targetId: rule.targetId ?? undefined })
      .andWhere('r.finished_at >= :from AND r.finished_at < :to', {
        from: periodFrom,
        to: periodTo,
      })
      .orderBy('r.finished_at', 'ASC')
      .take(DIGEST_MAX_RUNS)
      .getMany();
    return digestMessage({
      ruleName: rule.name,
      from: periodFrom,
      to: periodTo,
      timeZone: rule.timeZone ?? 'UTC',
      runs: runs.map(toRunView),
      runsUrl: `${this.baseUrl()}/runs`,
      runUrl: (id) => this.runUrl(id),
    });
  }

  private baseUrl(): string {
    return this.config.publicUrl.replace(/\/$/, '');
  }
}

function subjectOnly(notification: NotificationEntity, note: string): MailContent {
  const escaped = note.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return {
    subject: notification.subject,
    text: `${notification.subject}\n\n${note}`,
    html: `<p>${escaped}</p>`,
  };
}
