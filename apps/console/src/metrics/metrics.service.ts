import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';

import { RunEventsBus } from '../runs/run-events.bus';

/**
 * The console's Prometheus figures. One registry per console instance (not prom-client's
 * global one), so several consoles in one test process do not share counters.
 */
@Injectable()
export class MetricsService implements OnModuleInit, OnModuleDestroy {
  readonly registry = new Registry();
  private subscription: Subscription | null = null;

  readonly httpDuration = new Histogram({
    name: 'rampart_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly runDuration = new Histogram({
    name: 'rampart_run_duration_seconds',
    help: 'Duration of finished runs, by final status and run type',
    labelNames: ['status', 'type'] as const,
    buckets: [10, 30, 60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 86_400],
    registers: [this.registry],
  });

  readonly logLines = new Counter({
    name: 'rampart_log_lines_ingested_total',
    help: 'Run log lines received from agents and stored (duplicates excluded)',
    registers: [this.registry],
  });

  readonly agentConnections = new Gauge({
    name: 'rampart_agent_connections',
    help: 'Agent sockets currently connected to this console',
    registers: [this.registry],
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bus: RunEventsBus,
  ) {
    this.registerRunsByStatus();
  }

  onModuleInit(): void {
    this.subscription = this.bus.events$.subscribe((event) => {
      if (event.kind === 'log') this.logLines.inc(event.lines.length);
      if (event.kind === 'finished' && event.run.durationSeconds !== null) {
        const labels = { status: event.run.status, type: event.run.type };
        this.runDuration.observe(labels, event.run.durationSeconds);
      }
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  async exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Counted at scrape time from `logs_backup`, so every replica reports the same truth. */
  private registerRunsByStatus(): void {
    const dataSource = this.dataSource;
    new Gauge({
      name: 'rampart_runs',
      help: 'Runs recorded in logs_backup, by status',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        const rows: { status: string; runs: string }[] = await dataSource.query(
          'SELECT status, count(*) AS runs FROM logs_backup GROUP BY status',
        );
        this.reset();
        for (const row of rows) this.set({ status: row.status }, Number(row.runs));
      },
    });
  }
}
