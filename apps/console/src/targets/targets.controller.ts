import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';

import { type AuthenticatedUser, CurrentUser, RequireRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { type TargetInput, targetInputSchema, TargetsService } from './targets.service';

@Controller('targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Get()
  list() {
    return this.targets.list();
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return this.targets.view(await this.targets.get(id));
  }

  @RequireRole('admin')
  @Post()
  create(
    @Body(new ZodPipe(targetInputSchema)) body: TargetInput,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.targets.create(body, user);
  }
}
