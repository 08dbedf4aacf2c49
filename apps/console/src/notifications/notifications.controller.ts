import { Controller, Get, Query } from '@nestjs/common';

import {
  type NotificationListQuery,
  notificationListQuerySchema,
  type NotificationPage,
  type NotificationView,
} from '@rampart/contracts';

import { ZodPipe } from '../common/zod-body.pipe';
import type { NotificationEntity } from './notification.entity';
import { NotificationsRepository } from './notifications.repository';

@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsRepository) {}

  /** The history, newest first: filters status, event, runId, from/to; keyset pages. */
  @Get()
  async list(
    @Query(new ZodPipe(notificationListQuerySchema)) query: NotificationListQuery,
  ): Promise<NotificationPage> {
    const page = await this.notifications.page(query);
    return { items: page.items.map(toView), nextCursor: page.nextCursor };
  }
}

function toView(n: NotificationEntity): NotificationView {
  return {
    id: n.id,
    runId: n.runId,
    ruleId: n.ruleId,
    event: n.event,
    recipients: n.recipients,
    subject: n.subject,
    status: n.status,
    attempts: n.attempts,
    attemptLog: n.attemptLog,
    messageId: n.messageId,
    lastResponse: n.lastResponse,
    createdAt: n.createdAt.toISOString(),
    sentAt: n.sentAt?.toISOString() ?? null,
  };
}
