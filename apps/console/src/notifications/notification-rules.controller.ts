import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
} from '@nestjs/common';

import { type NotificationRuleInput, notificationRuleInputSchema } from '@rampart/contracts';

import { type AuthenticatedUser, CurrentUser, RequireRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { NotificationRulesService } from './notification-rules.service';

@RequireRole('admin')
@Controller('notifications/rules')
export class NotificationRulesController {
  constructor(private readonly rules: NotificationRulesService) {}

  @Get()
  list() {
    return this.rules.list();
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.rules.get(id);
  }

  @Post()
  create(
    @Body(new ZodPipe(notificationRuleInputSchema)) body: NotificationRuleInput,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.rules.create(body, user);
  }

  @Put(':id')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(notificationRuleInputSchema)) body: NotificationRuleInput,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.rules.update(id, body, user);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser) {
    await this.rules.remove(id, user);
  }
}
