import * as path from 'node:path';

import { dbsDir } from '../common/oracle-home';
import { announceRepository } from './channels';
import { RmanContext } from './rman-context';

/** CONFIGURE …: prints the old and new settings as RMAN does and stores them. */
export function runConfigure(ctx: RmanContext, setting: string, text: string | null): void {
  announceRepository(ctx);
  const old = ctx.state.rmanConfig[setting];

  if (text === null) {
    delete ctx.state.rmanConfig[setting];
    if (old) ctx.out.lines(['old RMAN configuration parameters:', old]);
    ctx.out.line('RMAN configuration parameters are successfully reset to default value');
    return;
  }

  if (old) ctx.out.lines(['old RMAN configuration parameters:', old]);
  ctx.out.lines(['new RMAN configuration parameters:', text]);
  ctx.state.rmanConfig[setting] = text;
  ctx.out.line('new RMAN configuration parameters are successfully stored');
}

function defaults(ctx: RmanContext): Array<[string, string]> {
  const snapshot = path.join(dbsDir(ctx.home), `snapcf_${ctx.state.name}.f`);
  return [
    ['RETENTION POLICY', 'CONFIGURE RETENTION POLICY TO REDUNDANCY 1;'],
    ['BACKUP OPTIMIZATION', 'CONFIGURE BACKUP OPTIMIZATION OFF;'],
    ['DEFAULT DEVICE TYPE', 'CONFIGURE DEFAULT DEVICE TYPE TO DISK;'],
    ['CONTROLFILE AUTOBACKUP', 'CONFIGURE CONTROLFILE AUTOBACKUP ON;'],
    [
      'CONTROLFILE AUTOBACKUP FORMAT FOR DEVICE TYPE DISK',
      "CONFIGURE CONTROLFILE AUTOBACKUP FORMAT FOR DEVICE TYPE DISK TO '%F';",
    ],
    ['DEVICE TYPE DISK', 'CONFIGURE DEVICE TYPE DISK PARALLELISM 1 BACKUP TYPE TO BACKUPSET;'],
    [
      'DATAFILE BACKUP COPIES FOR DEVICE TYPE DISK',
      'CONFIGURE DATAFILE BACKUP COPIES FOR DEVICE TYPE DISK TO 1;',
    ],
    [
      'ARCHIVELOG BACKUP COPIES FOR DEVICE TYPE DISK',
      'CONFIGURE ARCHIVELOG BACKUP COPIES FOR DEVICE TYPE DISK TO 1;',
    ],
    ['MAXSETSIZE', 'CONFIGURE MAXSETSIZE TO UNLIMITED;'],
    ['ENCRYPTION FOR DATABASE', 'CONFIGURE ENCRYPTION FOR DATABASE OFF;'],
    [
      'COMPRESSION ALGORITHM',
      "CONFIGURE COMPRESSION ALGORITHM 'BASIC' AS OF RELEASE 'DEFAULT' OPTIMIZE FOR LOAD TRUE ;",
    ],
    ['ARCHIVELOG DELETION POLICY', 'CONFIGURE ARCHIVELOG DELETION POLICY TO NONE;'],
    ['SNAPSHOT CONTROLFILE NAME', `CONFIGURE SNAPSHOT CONTROLFILE NAME TO '${snapshot}';`],
  ];
}

/** SHOW ALL. */
export function showAll(ctx: RmanContext): void {
  announceRepository(ctx);
  ctx.out.line(
    `RMAN configuration parameters for database with db_unique_name ${ctx.state.name} are:`,
  );
  const shown = new Set<string>();

  for (const [setting, text] of defaults(ctx)) {
    const configured = ctx.state.rmanConfig[setting];
    ctx.out.line(configured ?? `${text} # default`);
    shown.add(setting);
  }
  for (const [setting, text] of Object.entries(ctx.state.rmanConfig)) {
    if (!shown.has(setting)) ctx.out.line(text);
  }
}

/** The retention policy in force: REDUNDANCY n or RECOVERY WINDOW OF n DAYS. */
export function retentionPolicy(ctx: RmanContext): {
  redundancy: number | null;
  windowDays: number | null;
} {
  const text = ctx.state.rmanConfig['RETENTION POLICY'] ?? 'REDUNDANCY 1';
  const window = /RECOVERY WINDOW OF (\d+) DAYS/.exec(text);
  if (window) return { redundancy: null, windowDays: Number(window[1]) };
  const redundancy = /REDUNDANCY (\d+)/.exec(text);
  return { redundancy: redundancy ? Number(redundancy[1]) : 1, windowDays: null };
}
