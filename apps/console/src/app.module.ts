import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AgentEntity, EnrollmentTokenEntity } from './agents/agent.entity';
import { AgentsController } from './agents/agents.controller';
import { AgentsService } from './agents/agents.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { ErrorFilter } from './common/error.filter';
import type { ConsoleConfig } from './config/console-config';
import { CoreModule } from './core.module';
import { dataSourceOptions } from './database/data-source';
import { HealthController } from './health/health.controller';
import {
  NotificationEntity,
  NotificationRuleEntity,
  SmtpSettingsEntity,
} from './notifications/notification.entity';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationsService } from './notifications/notifications.service';
import { AgentEventsService } from './runs/agent-events.service';
import { AgentsGateway } from './runs/agents.gateway';
import { RunDispatcher } from './runs/run-dispatcher';
import { RunEntity, RunLogLineEntity } from './runs/run.entity';
import { RunsController } from './runs/runs.controller';
import { RunsRepository } from './runs/runs.repository';
import { RunsService } from './runs/runs.service';
import { StrategyRunsController } from './runs/strategy-runs.controller';
import { UiGateway } from './runs/ui.gateway';
import { WatchdogService } from './runs/watchdog.service';
import { StrategiesController } from './strategies/strategies.controller';
import { StrategiesService } from './strategies/strategies.service';
import { StrategyEntity } from './strategies/strategy.entity';
import { TargetEntity } from './targets/target.entity';
import { TargetsController } from './targets/targets.controller';
import { TargetsService } from './targets/targets.service';
import { RefreshTokenEntity, UserEntity } from './users/user.entity';
import { UsersRepository } from './users/users.repository';

@Module({})
export class AppModule {
  static forConfig(config: ConsoleConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl)),
        TypeOrmModule.forFeature([
          UserEntity,
          RefreshTokenEntity,
          AgentEntity,
          EnrollmentTokenEntity,
          TargetEntity,
          StrategyEntity,
          RunEntity,
          RunLogLineEntity,
          NotificationEntity,
          NotificationRuleEntity,
          SmtpSettingsEntity,
        ]),
        CoreModule.forConfig(config),
      ],
      controllers: [
        HealthController,
        AuthController,
        AgentsController,
        TargetsController,
        StrategiesController,
        StrategyRunsController,
        RunsController,
        NotificationsController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        UsersRepository,
        AuthService,
        AgentsService,
        TargetsService,
        StrategiesService,
        RunsRepository,
        RunsService,
        RunDispatcher,
        AgentEventsService,
        AgentsGateway,
        UiGateway,
        WatchdogService,
        NotificationsService,
      ],
    };
  }
}
