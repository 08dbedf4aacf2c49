import { pipeline } from 'node:stream/promises';

import { Controller, Get, Logger, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';

import { type AuthenticatedUser, CurrentUser, RequireRole } from '../auth/auth.decorators';
import { ZodPipe } from '../common/zod-body.pipe';
import { RunCancelService } from './run-cancel.service';
import { type Download, RunExportService } from './run-export.service';
import {
  type RunFilter,
  runFilterSchema,
  type RunPageQuery,
  runPageSchema,
} from './runs.repository';
import { RunsService } from './runs.service';

const logQuerySchema = z.object({ afterSeq: z.coerce.number().int().min(0).default(0) });

@Controller('runs')
export class RunsController {
  private readonly logger = new Logger(RunsController.name);

  constructor(
    private readonly runs: RunsService,
    private readonly exports: RunExportService,
    private readonly cancels: RunCancelService,
  ) {}

  @Get()
  list(@Query(new ZodPipe(runPageSchema)) query: RunPageQuery) {
    return this.runs.page(query);
  }

  /** Every run the filters select, streamed as CSV (declared before `:id`). */
  @Get('export.csv')
  async exportCsv(
    @Query(new ZodPipe(runFilterSchema)) filter: RunFilter,
    @CurrentUser() user: AuthenticatedUser,
    @Res() response: Response,
  ): Promise<void> {
    await this.send(response, await this.exports.csv(filter, user));
  }

  /** The audit report of the runs the filters select, as a PDF. */
  @Get('export.pdf')
  async exportPdf(
    @Query(new ZodPipe(runFilterSchema)) filter: RunFilter,
    @CurrentUser() user: AuthenticatedUser,
    @Res() response: Response,
  ): Promise<void> {
    await this.send(response, await this.exports.auditPdf(filter, user));
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

  /** One run's evidence: facts, verdict, explanation, script and output. */
  @Get(':id/evidence.pdf')
  async evidence(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res() response: Response,
  ): Promise<void> {
    await this.send(response, await this.exports.evidencePdf(id, user));
  }

  /** Withdraws a queued run, or asks the agent to stop a running one. */
  @RequireRole('operator')
  @Post(':id/cancel')
  async cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.cancels.cancel(id, user);
    response.status(result.outcome === 'cancelled' ? 200 : 202);
    return result;
  }

  private async send(response: Response, download: Download): Promise<void> {
    response.setHeader('Content-Type', download.contentType);
    response.setHeader('Content-Disposition', `attachment; filename="${download.fileName}"`);
    response.setHeader('Cache-Control', 'no-store');

    try {
      await Promise.all([pipeline(download.stream, response), download.done]);
    } catch (error) {
      response.destroy();
      if (response.req.destroyed || isPrematureClose(error)) {
        this.logger.log({ msg: 'export abandoned by the client', file: download.fileName });
        return;
      }
      // Headers are gone: the client sees a cut download, the log says why.
      this.logger.error({ msg: 'export failed while streaming', error: String(error) });
    }
  }
}

/** The client went away mid-download: not the export's fault, and nothing to alert on. */
function isPrematureClose(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
}
