import { DatabaseState, recoveryAreaUsed } from '../database/database-state';
import { liveSessions, readLongops } from '../rman/longops';
import { readRmanJobs } from '../rman/rman-jobs';
import { SqlColumn, SqlValue } from './sql-result';

/** A fixed view or dictionary view: its columns and its rows. */
export interface DictionaryView {
  columns: SqlColumn[];
  rows: Array<Record<string, SqlValue>>;
  /** Fixed views (v$) answer in MOUNTED state; dictionary views need an open database. */
  fixed: boolean;
}

const t = (name: string, width: number): SqlColumn => ({ name, type: 'text', width });
const n = (name: string): SqlColumn => ({ name, type: 'number', width: 10 });
const d = (name: string): SqlColumn => ({ name, type: 'date', width: 9 });

const ORACLE_USERS = ['SYS', 'SYSTEM', 'OUTLN', 'DBSNMP', 'XDB', 'APPQOSSYS', 'AUDSYS'];

function openMode(state: DatabaseState): string {
  return state.instanceStatus === 'OPEN' ? 'READ WRITE' : 'MOUNTED';
}

function date(iso: string | null): Date | null {
  return iso ? new Date(iso) : null;
}

function views(
  home: string,
  sid: string,
  state: DatabaseState,
): Record<string, () => DictionaryView> {
  return {
    v$database: () => ({
      fixed: true,
      columns: [
        t('name', 9),
        n('dbid'),
        t('log_mode', 12),
        t('open_mode', 20),
        t('database_role', 16),
        t('db_unique_name', 30),
        d('created'),
        n('current_scn'),
        t('flashback_on', 18),
      ],
      rows: [
        {
          name: state.name,
          dbid: state.dbid,
          log_mode: state.logMode,
          open_mode: openMode(state),
          database_role: 'PRIMARY',
          db_unique_name: state.name,
          created: date(state.createdAt),
          current_scn: state.scn,
          flashback_on: 'NO',
        },
      ],
    }),
    v$instance: () => ({
      fixed: true,
      columns: [
        t('instance_name', 16),
        t('host_name', 64),
        t('version', 17),
        t('version_full', 17),
        t('status', 12),
        t('database_status', 17),
        t('archiver', 7),
        d('startup_time'),
      ],
      rows: [
        {
          instance_name: sid,
          host_name: 'localhost',
          version: state.version,
          version_full: '19.22.0.0.0',
          status: state.instanceStatus,
          database_status: 'ACTIVE',
          archiver: state.logMode === 'ARCHIVELOG' ? 'STARTED' : 'STOPPED',
          startup_time: date(state.createdAt),
        },
      ],
    }),
    v$recovery_file_dest: () => {
      const used = recoveryAreaUsed(state);
      return {
        fixed: true,
        columns: [
          t('name', 513),
          n('space_limit'),
          n('space_used'),
          n('space_reclaimable'),
          n('number_of_files'),
        ],
        rows: [
          {
            name: state.recoveryArea.path.replace(/[/\\][^/\\]+$/, ''),
            space_limit: state.recoveryArea.limitBytes,
            space_used: used.bytes,
            space_reclaimable: 0,
            number_of_files: used.files,
          },
        ],
      };
    },
    v$archived_log: () => ({
      fixed: true,
      columns: [
        n('recid'),
        t('name', 513),
        n('thread#'),
        n('sequence#'),
        n('first_change#'),
        n('next_change#'),
        d('completion_time'),
        t('archived', 3),
        t('deleted', 3),
        t('status', 1),
        n('backup_count'),
      ],
      rows: state.archivedLogs.map((l) => ({
        recid: l.recid,
        name: l.status === 'D' ? null : l.path,
        'thread#': l.thread,
        'sequence#': l.sequence,
        'first_change#': l.firstScn,
        'next_change#': l.nextScn,
        completion_time: date(l.completedAt),
        archived: 'YES',
        deleted: l.status === 'D' ? 'YES' : 'NO',
        status: l.status,
        backup_count: l.backupCount,
      })),
    }),
    v$session_longops: () => ({
      fixed: true,
      columns: [
        n('sid'),
        n('serial#'),
        t('opname', 64),
        t('target', 64),
        n('sofar'),
        n('totalwork'),
        t('units', 32),
        d('start_time'),
        d('last_update_time'),
        n('time_remaining'),
        n('elapsed_seconds'),
        t('message', 512),
      ],
      rows: readLongops(home, sid).map((r) => ({
        sid: r.sid,
        'serial#': r.serial,
        opname: r.opname,
        target: r.target,
        sofar: r.sofar,
        totalwork: r.totalwork,
        units: r.units,
        start_time: date(r.startTime),
        last_update_time: date(r.lastUpdateTime),
        time_remaining: r.sofar >= r.totalwork ? 0 : 1,
        elapsed_seconds: Math.round(
          (Date.parse(r.lastUpdateTime) - Date.parse(r.startTime)) / 1000,
        ),
        message: r.message,
      })),
    }),
    /** One row per finished RMAN session; COMMAND_ID is what SET COMMAND ID set. */
    v$rman_backup_job_details: () => ({
      fixed: true,
      columns: [
        n('session_key'),
        t('command_id', 33),
        d('start_time'),
        d('end_time'),
        n('input_bytes'),
        n('output_bytes'),
        t('status', 23),
        n('elapsed_seconds'),
      ],
      rows: readRmanJobs(home, sid).map((j) => ({
        session_key: j.sessionKey,
        command_id: j.commandId,
        start_time: date(j.startTime),
        end_time: date(j.endTime),
        input_bytes: j.inputBytes,
        output_bytes: j.outputBytes,
        status: j.status,
        elapsed_seconds: Math.round((Date.parse(j.endTime) - Date.parse(j.startTime)) / 1000),
      })),
    }),
    /** The sessions of running RMAN jobs: CLIENT_INFO carries SET COMMAND ID (`id=…`). */
    v$session: () => ({
      fixed: true,
      columns: [
        n('sid'),
        n('serial#'),
        t('username', 128),
        t('status', 8),
        t('program', 48),
        t('client_info', 64),
        t('process', 24),
      ],
      rows: liveSessions(home, sid).map((r) => ({
        sid: r.sid,
        'serial#': r.serial,
        username: 'SYS',
        status: 'ACTIVE',
        program: 'rman@dbhost (TNS V1-V3)',
        client_info: r.clientInfo,
        process: String(r.pid),
      })),
    }),
    dba_tablespaces: () => ({
      fixed: false,
      columns: [
        t('tablespace_name', 30),
        n('block_size'),
        t('status', 9),
        t('contents', 21),
        t('logging', 9),
        t('bigfile', 3),
      ],
      rows: state.tablespaces.map((ts) => ({
        tablespace_name: ts.name,
        block_size: state.blockSize,
        status: ts.status,
        contents: ts.contents,
        logging: ts.contents === 'TEMPORARY' ? 'NOLOGGING' : 'LOGGING',
        bigfile: 'NO',
      })),
    }),
    dba_data_files: () => ({
      fixed: false,
      columns: [
        t('file_name', 513),
        n('file_id'),
        t('tablespace_name', 30),
        n('bytes'),
        n('blocks'),
        t('status', 9),
        t('autoextensible', 3),
      ],
      rows: state.datafiles.map((f) => ({
        file_name: f.path,
        file_id: f.fileNo,
        tablespace_name: f.tablespace,
        bytes: f.blocks * state.blockSize,
        blocks: f.blocks,
        status: 'AVAILABLE',
        autoextensible: 'NO',
      })),
    }),
    dba_users: () => ({
      fixed: false,
      columns: [
        t('username', 128),
        n('user_id'),
        t('account_status', 32),
        t('default_tablespace', 30),
        t('oracle_maintained', 1),
      ],
      rows: [
        ...ORACLE_USERS.map((u, i) => ({
          username: u,
          user_id: i,
          account_status: 'OPEN',
          default_tablespace: 'SYSTEM',
          oracle_maintained: 'Y',
        })),
        ...state.users.map((u, i) => ({
          username: u,
          user_id: 100 + i,
          account_status: 'OPEN',
          default_tablespace: 'USERS',
          oracle_maintained: 'N',
        })),
      ],
    }),
    dba_tables: () => ({
      fixed: false,
      columns: [
        t('owner', 128),
        t('table_name', 128),
        t('tablespace_name', 30),
        n('num_rows'),
        n('avg_row_len'),
        t('status', 8),
      ],
      rows: [
        {
          owner: 'SYS',
          table_name: 'AUD$',
          tablespace_name: 'SYSTEM',
          num_rows: 0,
          avg_row_len: 0,
          status: 'VALID',
        },
        {
          owner: 'SYSTEM',
          table_name: 'HELP',
          tablespace_name: 'SYSTEM',
          num_rows: 919,
          avg_row_len: 48,
          status: 'VALID',
        },
        ...state.tables.map((tb) => ({
          owner: tb.owner,
          table_name: tb.name,
          tablespace_name: tb.tablespace,
          num_rows: tb.rows,
          avg_row_len: tb.avgRowLen,
          status: 'VALID',
        })),
      ],
    }),
    dba_directories: () => ({
      fixed: false,
      columns: [t('owner', 128), t('directory_name', 128), t('directory_path', 4000)],
      rows: Object.entries(state.directories).map(([name, path]) => ({
        owner: 'SYS',
        directory_name: name,
        directory_path: path,
      })),
    }),
    dba_scheduler_jobs: () => ({
      fixed: false,
      columns: [
        t('owner', 128),
        t('job_name', 128),
        t('job_type', 16),
        t('job_action', 4000),
        n('number_of_arguments'),
        t('start_date', 40),
        t('repeat_interval', 4000),
        t('enabled', 5),
        t('auto_drop', 5),
        t('state', 15),
        n('run_count'),
        n('failure_count'),
        t('last_start_date', 40),
        t('next_run_date', 40),
        t('credential_name', 128),
        t('job_class', 128),
        t('comments', 240),
      ],
      rows: state.schedulerJobs.map((j) => ({
        owner: j.owner,
        job_name: j.name,
        job_type: j.jobType,
        job_action: j.jobAction,
        number_of_arguments: j.numberOfArguments,
        start_date: j.startDate,
        repeat_interval: j.repeatInterval,
        enabled: j.enabled ? 'TRUE' : 'FALSE',
        auto_drop: j.autoDrop ? 'TRUE' : 'FALSE',
        state: j.state,
        run_count: j.runCount,
        failure_count: j.failureCount,
        last_start_date: j.lastStartDate,
        next_run_date: j.nextRunDate,
        credential_name: j.credentialName,
        job_class: j.jobClass,
        comments: j.comments,
      })),
    }),
    dba_scheduler_job_run_details: () => ({
      fixed: false,
      columns: [
        n('log_id'),
        t('owner', 128),
        t('job_name', 128),
        t('status', 30),
        n('error#'),
        t('req_start_date', 40),
        t('actual_start_date', 40),
        t('run_duration', 20),
        t('output', 4000),
        t('errors', 4000),
      ],
      rows: state.jobRunDetails.map((r) => ({
        log_id: r.logId,
        owner: r.owner,
        job_name: r.jobName,
        status: r.status,
        'error#': r.errorNo,
        req_start_date: r.plannedAt,
        actual_start_date: r.actualStartDate,
        run_duration: r.runDuration,
        output: r.output,
        errors: r.errors,
      })),
    }),
    dba_scheduler_credentials: () => ({
      fixed: false,
      columns: [t('owner', 128), t('credential_name', 128), t('username', 128), t('enabled', 5)],
      rows: state.credentials.map((c) => ({
        owner: c.owner,
        credential_name: c.name,
        username: c.username,
        enabled: c.enabled ? 'TRUE' : 'FALSE',
      })),
    }),
    dual: () => ({
      fixed: true,
      columns: [t('dummy', 1), d('sysdate'), t('systimestamp', 40)],
      rows: [{ dummy: 'X', sysdate: new Date(), systimestamp: new Date().toISOString() }],
    }),
  };
}

export function findView(
  home: string,
  sid: string,
  state: DatabaseState,
  name: string,
): DictionaryView | null {
  const key = name
    .toLowerCase()
    .replace(/^(sys\.|public\.)/, '')
    .replace(/^v_\$/, 'v$');
  const factory = views(home, sid, state)[key];
  return factory ? factory() : null;
}
