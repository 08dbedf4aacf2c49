import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';

import {
  type UserCreateRequest,
  userCreateSchema,
  type UserPatchRequest,
  userPatchSchema,
} from '@rampart/contracts';

import { type AuthenticatedUser, CurrentUser, RequireRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { UsersService } from './users.service';

@RequireRole('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list() {
    return this.users.list();
  }

  @Post()
  create(
    @Body(new ZodPipe(userCreateSchema)) body: UserCreateRequest,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.users.create(body, user);
  }

  @Patch(':id')
  patch(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(userPatchSchema)) body: UserPatchRequest,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.users.patch(id, body, user);
  }
}
