import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';

import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { RunsService } from './runs.service';

const SWEEP_INTERVAL_MS = 10_000;

/** Marks runs `interrupted` when their agent has been silent for longer than allowed. */
@Injectable()
export class WatchdogService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WatchdogService.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly runs: RunsService,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  // TODO: with several console replicas, take a Redis lock so one replica sweeps (issue 10).
  async sweep(now = new Date()): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      const silentSince = new Date(now.getTime() - this.config.agentSilenceSeconds * 1000);
      return await this.runs.interruptSilentRuns(silentSince);
    } catch (error) {
      this.logger.error({ msg: 'watchdog sweep failed', error: String(error) });
      return 0;
    } finally {
      this.sweeping = false;
    }
  }
}
