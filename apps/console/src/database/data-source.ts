import { DataSource, type DataSourceOptions } from 'typeorm';

import { AgentEntity, EnrollmentTokenEntity } from '../agents/agent.entity';
import { AuditEventEntity } from '../audit/audit-event.entity';
import {
  NotificationEntity,
  NotificationRuleEntity,
  SmtpSettingsEntity,
} from '../notifications/notification.entity';
import { RunEntity, RunLogLineEntity } from '../runs/run.entity';
import { StrategyVersionEntity } from '../strategies/strategy-version.entity';
import { StrategyEntity } from '../strategies/strategy.entity';
import { TargetInspectionEntity } from '../targets/target-inspection.entity';
import { TargetEntity } from '../targets/target.entity';
import { RefreshTokenEntity, UserEntity } from '../users/user.entity';
import { InitialSchema1733300000000 } from './migrations/1733300000000-initial-schema';
import { StrategyHistory1733400000000 } from './migrations/1733400000000-strategy-history';
import { NotificationDelivery1733400008000 } from './migrations/1733400008000-notifications';
import { SchedulerCredentials1733500000000 } from './migrations/1733500000000-os-credentials';

export const ENTITIES = [
  UserEntity,
  RefreshTokenEntity,
  AgentEntity,
  EnrollmentTokenEntity,
  TargetEntity,
  StrategyEntity,
  StrategyVersionEntity,
  TargetInspectionEntity,
  RunEntity,
  RunLogLineEntity,
  NotificationRuleEntity,
  NotificationEntity,
  SmtpSettingsEntity,
  AuditEventEntity,
];

export const MIGRATIONS = [
  InitialSchema1733300000000,
  StrategyHistory1733400000000,
  NotificationDelivery1733400008000,
  SchedulerCredentials1733500000000,
];

export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: ['error'],
    extra: { max: 20 },
  };
}

export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl));
}
