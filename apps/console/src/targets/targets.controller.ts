import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import type { z } from 'zod';

import { archivelogEnableRequestSchema, catalogQuerySchema } from '@rampart/contracts';

import { type AuthenticatedUser, CurrentUser, RequireRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { TargetOperationsService } from './target-operations.service';
import { type TargetInput, targetInputSchema, TargetsService } from './targets.service';

@Controller('targets')
export class TargetsController {
  constructor(
    private readonly targets: TargetsService,
    private readonly operations: TargetOperationsService,
  ) {}

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

  @RequireRole('admin')
  @Put(':id')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(targetInputSchema)) body: TargetInput,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.targets.update(id, body, user);
  }

  @RequireRole('operator')
  @Post(':id/test-connection')
  @HttpCode(200)
  testConnection(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.operations.testConnection(id, user);
  }

  @Get(':id/archivelog')
  archivelog(@Param('id', ParseUUIDPipe) id: string) {
    return this.operations.archivelogStatus(id);
  }

  /** Restarts the database in ARCHIVELOG mode; the body repeats the target's name. */
  @RequireRole('admin')
  @Post(':id/archivelog/enable')
  @HttpCode(200)
  enableArchivelog(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(archivelogEnableRequestSchema))
    body: z.infer<typeof archivelogEnableRequestSchema>,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.operations.enableArchivelog(id, body.confirm, user);
  }

  @Get(':id/catalog')
  catalog(
    @Param('id', ParseUUIDPipe) id: string,
    @Query(new ZodPipe(catalogQuerySchema)) query: z.infer<typeof catalogQuerySchema>,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.operations.catalog(id, query.refresh, user);
  }
}
