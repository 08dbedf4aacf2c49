import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { z } from 'zod';

import { type AuthenticatedUser, CurrentUser, Public, RequireRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { AgentsService } from './agents.service';

const agentName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, {
    message: 'must be 1 to 63 letters, digits, dots, dashes or underscores',
  });

const tokenRequestSchema = z.object({ agentName });
const enrollSchema = z.object({
  token: z.string().min(10).max(200),
  hostname: z.string().max(255).optional(),
  platform: z.string().max(64).optional(),
  version: z.string().max(64).optional(),
});

@Controller('agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  list() {
    return this.agents.list();
  }

  @RequireRole('admin')
  @Post('enrollment-tokens')
  createEnrollmentToken(
    @Body(new ZodPipe(tokenRequestSchema)) body: z.infer<typeof tokenRequestSchema>,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.agents.createEnrollmentToken(body.agentName, user);
  }

  /** Revokes the agent: its secret no longer authenticates; its targets keep their rows. */
  @RequireRole('admin')
  @Delete(':id')
  @HttpCode(204)
  revoke(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.agents.revoke(id, user);
  }

  /** The agent lost its sealing key (new data directory): its next connection pins a new one. */
  @RequireRole('admin')
  @Post(':id/seal-key/reset')
  @HttpCode(204)
  resetSealKey(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.agents.resetSealKey(id, user);
  }

  /** Called by `rampart-agent enroll`: the token is the credential. */
  @Public()
  @Post('enroll')
  enroll(@Body(new ZodPipe(enrollSchema)) body: z.infer<typeof enrollSchema>) {
    const { token, ...details } = body;
    return this.agents.enroll(token, details);
  }
}
