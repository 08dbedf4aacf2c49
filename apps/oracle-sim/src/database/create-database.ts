import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
  databaseDir,
  databaseExists,
  dbsDir,
  recoveryAreaDir,
  tapeLibraryDir,
} from '../common/oracle-home';
import { archiveCurrentLog } from './archived-logs';
import { writeDatafile } from './datafile-blocks';
import { Datafile, DatabaseState, ensureDir, saveState, Table, Tablespace } from './database-state';
import { installOracleBinaries } from './oracle-binaries';

export interface CreateDatabaseOptions {
  home: string;
  sid: string;
  archivelog: boolean;
  datafileMb: number;
  fraLimitMb: number;
  paceMs: number;
}

export const DEFAULT_PACE_MS = 150;
const BLOCK_SIZE = 8192;

const TABLESPACES: Tablespace[] = [
  { name: 'SYSTEM', contents: 'PERMANENT', status: 'ONLINE' },
  { name: 'SYSAUX', contents: 'PERMANENT', status: 'ONLINE' },
  { name: 'UNDOTBS1', contents: 'UNDO', status: 'ONLINE' },
  { name: 'TEMP', contents: 'TEMPORARY', status: 'ONLINE' },
  { name: 'USERS', contents: 'PERMANENT', status: 'ONLINE' },
  { name: 'HR_DATA', contents: 'PERMANENT', status: 'ONLINE' },
  { name: 'SALES_DATA', contents: 'PERMANENT', status: 'ONLINE' },
];

/** File numbers as a 19c non-CDB database has them (2 is the old temp/undo slot). */
const DATAFILES: Array<[number, string, string]> = [
  [1, 'SYSTEM', 'system01.dbf'],
  [3, 'SYSAUX', 'sysaux01.dbf'],
  [4, 'UNDOTBS1', 'undotbs01.dbf'],
  [5, 'HR_DATA', 'hr_data01.dbf'],
  [6, 'SALES_DATA', 'sales_data01.dbf'],
  [7, 'USERS', 'users01.dbf'],
];

const TABLES: Array<[string, string, string, number, number]> = [
  ['HR', 'COUNTRIES', 'HR_DATA', 25, 21],
  ['HR', 'DEPARTMENTS', 'HR_DATA', 27, 21],
  ['HR', 'EMPLOYEES', 'HR_DATA', 107, 69],
  ['HR', 'JOBS', 'HR_DATA', 19, 33],
  ['HR', 'JOB_HISTORY', 'HR_DATA', 10, 31],
  ['HR', 'LOCATIONS', 'HR_DATA', 23, 49],
  ['HR', 'REGIONS', 'HR_DATA', 4, 17],
  ['SALES', 'CUSTOMERS', 'SALES_DATA', 38819, 121],
  ['SALES', 'ORDERS', 'SALES_DATA', 210155, 58],
  ['SALES', 'ORDER_LINES', 'SALES_DATA', 973310, 44],
  ['SALES', 'PRODUCTS', 'SALES_DATA', 1502, 140],
  ['SALES', 'APP_SETTINGS', 'SALES_DATA', 0, 0],
];

function newDbid(): number {
  return 1_000_000_000 + crypto.randomInt(0, 2_000_000_000);
}

function datafiles(dir: string, mb: number): Datafile[] {
  const blocks = Math.max(16, Math.round((mb * 1024 * 1024) / BLOCK_SIZE));
  return DATAFILES.map(([fileNo, tablespace, name]) => ({
    fileNo,
    tablespace,
    path: path.join(dir, name),
    blocks: tablespace === 'SYSTEM' || tablespace === 'SYSAUX' ? blocks * 2 : blocks,
  }));
}

function tables(): Table[] {
  return TABLES.map(([owner, name, tablespace, rows, avgRowLen]) => ({
    owner,
    name,
    tablespace,
    rows,
    avgRowLen,
  }));
}

function initialState(options: CreateDatabaseOptions): DatabaseState {
  const dir = databaseDir(options.home, options.sid);
  const fra = recoveryAreaDir(options.home, options.sid);

  return {
    name: options.sid.toUpperCase().slice(0, 8),
    dbid: newDbid(),
    version: '19.0.0.0.0',
    createdAt: new Date().toISOString(),
    resetlogsId: 1098771001 + crypto.randomInt(0, 60_000_000),
    logMode: options.archivelog ? 'ARCHIVELOG' : 'NOARCHIVELOG',
    instanceStatus: 'OPEN',
    scn: 2_041_773,
    currentSequence: 1,
    nextRecid: 0,
    blockSize: BLOCK_SIZE,
    datafiles: datafiles(dir, options.datafileMb),
    tablespaces: TABLESPACES.map((t) => ({ ...t })),
    users: ['HR', 'SALES'],
    tables: tables(),
    blockScn: {},
    archivedLogs: [],
    backupSets: [],
    nextBackupSetKey: 1,
    recoveryArea: { path: fra, limitBytes: options.fraLimitMb * 1024 * 1024 },
    archiveDestination: options.archivelog
      ? 'USE_DB_RECOVERY_FILE_DEST'
      : path.join(dbsDir(options.home), 'arch'),
    rmanConfig: {},
    directories: { DATA_PUMP_DIR: path.join(dir, 'dpdump') },
    dataPumpMasterTables: [],
    schedulerJobs: [],
    jobRunDetails: [],
    credentials: [],
    faults: [],
    paceMs: options.paceMs,
  };
}

function writeParameterFiles(home: string, state: DatabaseState): void {
  const params = [
    `*.db_name='${state.name}'`,
    `*.db_block_size=${state.blockSize}`,
    `*.control_files='${path.join(databaseDir(home, state.name), 'control01.ctl')}'`,
    `*.db_recovery_file_dest='${path.dirname(state.recoveryArea.path)}'`,
    `*.db_recovery_file_dest_size=${state.recoveryArea.limitBytes}`,
    `*.undo_tablespace='UNDOTBS1'`,
    `*.compatible='19.0.0'`,
  ];

  ensureDir(dbsDir(home));
  fs.writeFileSync(path.join(dbsDir(home), `spfile${state.name}.ora`), params.join('\n') + '\n');
  fs.writeFileSync(path.join(dbsDir(home), `orapw${state.name}`), crypto.randomBytes(4096));
}

/** Creates the database (or reports that it exists) and the ORACLE_HOME binaries. */
export function createDatabase(options: CreateDatabaseOptions): { created: boolean } {
  installOracleBinaries(options.home);

  if (databaseExists(options.home, options.sid)) return { created: false };

  const state = initialState(options);
  const dir = databaseDir(options.home, options.sid);
  ensureDir(dir);
  ensureDir(state.directories.DATA_PUMP_DIR);
  ensureDir(state.recoveryArea.path);
  ensureDir(tapeLibraryDir(options.home));
  if (state.logMode === 'NOARCHIVELOG') ensureDir(state.archiveDestination);

  for (const file of state.datafiles) writeDatafile(file, state.blockSize, state.scn);
  writeParameterFiles(options.home, state);

  if (state.logMode === 'ARCHIVELOG') {
    for (let i = 0; i < 3; i += 1) archiveCurrentLog(state, 40);
  } else {
    state.currentSequence = 3;
  }

  saveState(options.home, options.sid, state);
  return { created: true };
}
