import { Body, Controller, HttpCode, Post } from '@nestjs/common';

import { type PasswordChangeRequest, passwordChangeSchema } from '@rampart/contracts';

import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { UsersService } from './users.service';

/** `POST /auth/password`: any signed-in user changes their own password, given the current. */
@Controller('auth')
export class PasswordController {
  constructor(private readonly users: UsersService) {}

  @Post('password')
  @HttpCode(204)
  change(
    @Body(new ZodPipe(passwordChangeSchema)) body: PasswordChangeRequest,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.users.changeOwnPassword(user, body);
  }
}
