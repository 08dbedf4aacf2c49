import { Controller, Param, ParseUUIDPipe, Post } from '@nestjs/common';

import { type AuthenticatedUser, CurrentUser, RequireRole } from '../auth/auth.decorators';
import { RunsService } from './runs.service';

@Controller('strategies/:id/runs')
export class StrategyRunsController {
  constructor(private readonly runs: RunsService) {}

  /** Starts the strategy now, at its priority. */
  @RequireRole('operator')
  @Post()
  start(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.runs.startManualRun(id, user);
  }
}
