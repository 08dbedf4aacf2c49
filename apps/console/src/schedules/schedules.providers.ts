import { ConsoleClock } from './console-clock';
import { MissedRunsWatchdog } from './missed-runs.watchdog';
import { ScheduleAgentEvents } from './schedule-agent-events.service';
import { ScheduleStateStore } from './schedule-state.store';
import { ScheduleSyncService } from './schedule-sync.service';
import { ScheduledRunsService } from './scheduled-runs.service';
import { SchedulesController } from './schedules.controller';
import { SchedulesService } from './schedules.service';

/** The scheduling feature, registered in AppModule. */
export const SCHEDULE_CONTROLLERS = [SchedulesController];

export const SCHEDULE_PROVIDERS = [
  ScheduleStateStore,
  ScheduledRunsService,
  ConsoleClock,
  ScheduleSyncService,
  MissedRunsWatchdog,
  SchedulesService,
  ScheduleAgentEvents,
];
