import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AgentsController } from './agents/agents.controller';
import { AgentsService } from './agents/agents.service';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { LoginThrottle } from './auth/login-throttle';
import { ErrorFilter } from './common/error.filter';
import type { ConsoleConfig } from './config/console-config';
import { CoreModule } from './core.module';
import { dataSourceOptions, ENTITIES } from './database/data-source';
import { HealthController } from './health/health.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationsService } from './notifications/notifications.service';
import { NotificationContent } from './notifications/notification-content';
import { NotificationDelivery } from './notifications/notification-delivery';
import { NotificationQueue } from './notifications/notification-queue';
import { NotificationRulesController } from './notifications/notification-rules.controller';
import { NotificationRulesService } from './notifications/notification-rules.service';
import { NotificationsRepository } from './notifications/notifications.repository';
import { SmtpMailer } from './settings/smtp-mailer';
import { SmtpSettingsController } from './settings/smtp-settings.controller';
import { SmtpSettingsService } from './settings/smtp-settings.service';
import { MetricsModule } from './metrics/metrics.module';
import { AgentChannel } from './runs/agent-channel';
import { AgentEventsService } from './runs/agent-events.service';
import { AgentsGateway } from './runs/agents.gateway';
import { RunCancelService } from './runs/run-cancel.service';
import { RunDispatcher } from './runs/run-dispatcher';
import { RunExportService } from './runs/run-export.service';
import { RunsController } from './runs/runs.controller';
import { RunsRepository } from './runs/runs.repository';
import { RunsService } from './runs/runs.service';
import { StrategyRunsController } from './runs/strategy-runs.controller';
import { UiGateway } from './runs/ui.gateway';
import { WatchdogService } from './runs/watchdog.service';
import { StrategiesController } from './strategies/strategies.controller';
import { StrategiesService } from './strategies/strategies.service';
import { StrategyEvents } from './strategies/strategy-events';
import { SCHEDULE_CONTROLLERS, SCHEDULE_PROVIDERS } from './schedules/schedules.providers';
import { StrategyVersionsRepository } from './strategies/strategy-versions.repository';
import { AgentJobClient } from './targets/agent-job-client';
import { TargetOperationsService } from './targets/target-operations.service';
import { TargetsController } from './targets/targets.controller';
import { TargetsService } from './targets/targets.service';
import { PasswordController } from './users/password.controller';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

@Module({})
export class AppModule {
  static forConfig(config: ConsoleConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl)),
        TypeOrmModule.forFeature(ENTITIES),
        CoreModule.forConfig(config),
        MetricsModule,
      ],
      controllers: [
        HealthController,
        AuthController,
        AgentsController,
        TargetsController,
        StrategiesController,
        UsersController,
        PasswordController,
        AuditController,
        StrategyRunsController,
        RunsController,
        NotificationsController,
        NotificationRulesController,
        SmtpSettingsController,
        ...SCHEDULE_CONTROLLERS,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        UsersRepository,
        AuthService,
        LoginThrottle,
        AgentsService,
        TargetsService,
        StrategiesService,
        StrategyVersionsRepository,
        StrategyEvents,
        AgentJobClient,
        TargetOperationsService,
        UsersService,
        RunsRepository,
        RunsService,
        RunDispatcher,
        RunExportService,
        RunCancelService,
        AgentChannel,
        AgentEventsService,
        AgentsGateway,
        UiGateway,
        WatchdogService,
        NotificationsService,
        NotificationsRepository,
        NotificationQueue,
        NotificationDelivery,
        NotificationContent,
        NotificationRulesService,
        SmtpMailer,
        SmtpSettingsService,
        ...SCHEDULE_PROVIDERS,
      ],
    };
  }
}
