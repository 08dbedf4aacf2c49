import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { z } from 'zod';

import { type LoginRequest, loginRequestSchema, type LoginResponse } from '@rampart/contracts';

import { ZodPipe } from '../common/zod-body.pipe';
import { Public } from './auth.decorators';
import { AuthService } from './auth.service';

const refreshSchema = z.object({ refreshToken: z.string().min(1).max(200) });

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(
    @Body(new ZodPipe(loginRequestSchema)) body: LoginRequest,
    @Ip() address: string,
  ): Promise<LoginResponse> {
    return this.auth.login(body, address);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  refresh(
    @Body(new ZodPipe(refreshSchema)) body: z.infer<typeof refreshSchema>,
  ): Promise<LoginResponse> {
    return this.auth.refresh(body.refreshToken);
  }
}
