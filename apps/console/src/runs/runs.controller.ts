import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { z } from 'zod';

import { ZodPipe } from '../common/zod-body.pipe';
import { type RunPageQuery, runPageSchema } from './runs.repository';
import { RunsService } from './runs.service';

const logQuerySchema = z.object({ afterSeq: z.coerce.number().int().min(0).default(0) });

@Controller('runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Get()
  list(@Query(new ZodPipe(runPageSchema)) query: RunPageQuery) {
    return this.runs.page(query);
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.runs.get(id);
  }

  @Get(':id/log')
  log(
    @Param('id', ParseUUIDPipe) id: string,
    @Query(new ZodPipe(logQuerySchema)) query: z.infer<typeof logQuerySchema>,
  ) {
    return this.runs.log(id, query.afterSeq);
  }
}
