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
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import type { z } from 'zod';

import {
  saveOptionsQuerySchema,
  strategyCloneRequestSchema,
  strategyDiffQuerySchema,
} from '@rampart/contracts';

import { type AuthenticatedUser, CurrentUser, RequireRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { StrategiesService } from './strategies.service';

type SaveQuery = z.infer<typeof saveOptionsQuerySchema>;
const saveQuery = new ZodPipe(saveOptionsQuerySchema);

@Controller('strategies')
export class StrategiesController {
  constructor(private readonly strategies: StrategiesService) {}

  @Get()
  list() {
    return this.strategies.list();
  }

  /** Script, parfile, scheduler PL/SQL and next runs of a draft; 422 lists what is refused. */
  @Post('preview')
  @HttpCode(200)
  preview(@Body() body: unknown, @CurrentUser() user: AuthenticatedUser) {
    return this.strategies.preview(body, user);
  }

  @RequireRole('operator')
  @Post('import')
  import(
    @Body() body: unknown,
    @Query(saveQuery) query: SaveQuery,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.strategies.importDocument(body, user, query);
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return this.strategies.view(await this.strategies.get(id));
  }

  @RequireRole('operator')
  @Post()
  create(
    @Body() body: unknown,
    @Query(saveQuery) query: SaveQuery,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.strategies.create(body, user, query);
  }

  @RequireRole('operator')
  @Put(':id')
  update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Query(saveQuery) query: SaveQuery,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.strategies.update(id, body, user, query);
  }

  @RequireRole('operator')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.strategies.remove(id, user);
  }

  @RequireRole('operator')
  @Post(':id/clone')
  clone(
    @Param('id', ParseUUIDPipe) id: string,
    @Body(new ZodPipe(strategyCloneRequestSchema)) body: z.infer<typeof strategyCloneRequestSchema>,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.strategies.clone(id, body.name, user);
  }

  @RequireRole('operator')
  @Post(':id/enable')
  @HttpCode(200)
  enable(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.strategies.setEnabled(id, true, user);
  }

  @RequireRole('operator')
  @Post(':id/disable')
  @HttpCode(200)
  disable(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.strategies.setEnabled(id, false, user);
  }

  @Get(':id/versions')
  versions(@Param('id', ParseUUIDPipe) id: string) {
    return this.strategies.history(id);
  }

  @Get(':id/diff')
  diff(
    @Param('id', ParseUUIDPipe) id: string,
    @Query(new ZodPipe(strategyDiffQuerySchema)) query: z.infer<typeof strategyDiffQuerySchema>,
  ) {
    return this.strategies.diff(id, query.from, query.to);
  }

  /** The strategy file a DBA keeps in version control, ready for `POST /strategies/import`. */
  @Get(':id/export')
  async export(@Param('id', ParseUUIDPipe) id: string, @Res() response: Response) {
    const document = await this.strategies.exportDocument(id);
    const file = `${document.name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.strategy.json`;

    response.setHeader('Content-Disposition', `attachment; filename="${file}"`);
    response.type('application/json').send(JSON.stringify(document, null, 2) + '\n');
  }
}
