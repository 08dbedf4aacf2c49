import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { z } from 'zod';

import { type AuthenticatedUser, CurrentUser, RequireRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { SchedulesService } from './schedules.service';

export const schedulePreviewQuerySchema = z.object({
  count: z.coerce.number().int().min(1).max(100).default(10),
});

@Controller('strategies/:id/schedule')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  /** The next planned starts, the clock, what was last applied and any drift on the database. */
  @Get()
  preview(
    @Param('id', ParseUUIDPipe) id: string,
    @Query(new ZodPipe(schedulePreviewQuerySchema)) query: { count: number },
  ) {
    return this.schedules.preview(id, query.count);
  }

  /** Applies the schedule again, e.g. to repair a drifted Scheduler job. */
  @RequireRole('operator')
  @Post('sync')
  @HttpCode(202)
  resync(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.schedules.resync(id, user);
  }
}
