import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';

import {
  type SmtpSettingsInput,
  smtpSettingsInputSchema,
  smtpTestRequestSchema,
} from '@rampart/contracts';

import { type AuthenticatedUser, CurrentUser, RequireRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { SmtpSettingsService } from './smtp-settings.service';

@RequireRole('admin')
@Controller('settings/smtp')
export class SmtpSettingsController {
  constructor(private readonly smtp: SmtpSettingsService) {}

  @Get()
  view() {
    return this.smtp.view();
  }

  @Put()
  save(
    @Body(new ZodPipe(smtpSettingsInputSchema)) body: SmtpSettingsInput,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.smtp.save(body, user);
  }

  @Post('test')
  @HttpCode(200)
  test(
    @Body(new ZodPipe(smtpTestRequestSchema)) body: { to: string },
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.smtp.sendTest(body.to, user);
  }
}
