import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { Public } from '../auth/auth.decorators';
import { MetricsService } from './metrics.service';

/** Prometheus scrape endpoint, outside the /api/v1 prefix like /health. */
@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  // TODO: public as the issue asks; behind a load balancer, restrict /metrics to the scraper.
  @Public()
  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() response: Response): Promise<void> {
    const body = await this.metrics.exposition();
    response.setHeader('Content-Type', this.metrics.contentType);
    response.send(body);
  }
}
