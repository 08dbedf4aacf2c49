import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';

import { ZodPipe } from '../common/zod-body.pipe';
import { NotificationsService } from './notifications.service';

const listSchema = z.object({
  status: z.enum(['pending', 'sent', 'failed']).optional(),
  runId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  async list(@Query(new ZodPipe(listSchema)) query: z.infer<typeof listSchema>) {
    const rows = await this.notifications.list(query);
    return rows.map((n) => ({
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
    }));
  }
}
