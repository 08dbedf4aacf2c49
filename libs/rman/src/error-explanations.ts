import type { LogVerdict } from './log-verdict';

export interface ErrorExplanation {
  cause: string;
  nextStep: string;
}

type Entry = [string[], string, string];

const CONNECT_STEP =
  'Run `rampart-agent check` on the host: it tests the connection, the listener and the ' +
  'ORACLE_SID/ORACLE_HOME the agent uses.';
const DISK_FULL_STEP =
  'Free space on the backup destination (df), or move the strategy to a larger one; then ' +
  'run the backup again.';
const KILLED_CAUSE =
  'The session doing the backup was killed or lost its connection (ALTER SYSTEM KILL ' +
  'SESSION, an instance shutdown, or a network drop).';
const KILLED_STEP =
  'Check the alert log for who ended the session or why the instance went down, then run ' +
  'the backup again.';

const ENTRIES: Entry[] = [
  [
    ['ORA-19502', 'ORA-19504', 'ORA-27072', 'ORA-27040', 'ORA-27063', 'ORA-19510'],
    'RMAN could not write a backup piece: the destination is most likely full, or not ' +
      'writable by the oracle user.',
    DISK_FULL_STEP,
  ],
  [
    ['ORA-19809', 'ORA-19804', 'ORA-19815'],
    'The Fast Recovery Area reached its size limit (DB_RECOVERY_FILE_DEST_SIZE) and RMAN ' +
      'found nothing obsolete to reclaim.',
    'Raise DB_RECOVERY_FILE_DEST_SIZE (if the disk has room), or back up and delete archived ' +
      'logs and run DELETE OBSOLETE under a retention policy; then run the backup again.',
  ],
  [
    ['RMAN-06059', 'RMAN-06053', 'RMAN-06054', 'ORA-19625', 'ORA-27037'],
    'An archived log RMAN needs is missing on disk: it was deleted outside RMAN, so the ' +
      'control file still lists it as available.',
    'Run CROSSCHECK ARCHIVELOG ALL and DELETE EXPIRED ARCHIVELOG ALL, then take a new level 0 ' +
      'or full backup at once: recovery across the gap is no longer possible.',
  ],
  [
    ['RMAN-06149', 'ORA-19602', 'ORA-00258'],
    'The database is in NOARCHIVELOG mode, so it cannot be backed up while open and has no ' +
      'archived logs.',
    'Switch the target to ARCHIVELOG mode (Targets › ARCHIVELOG; needs a restart), or back ' +
      'it up MOUNTED after a clean shutdown.',
  ],
  [
    ['ORA-01031', 'ORA-01017', 'ORA-01994'],
    'The connection was refused: the OS user is not in the OSDBA/OSBACKUPDBA group, or the ' +
      'database user lacks SYSBACKUP/SYSDBA or gave the wrong password.',
    'Add the agent’s OS user to the backupdba (or dba) group, or grant SYSBACKUP to its ' +
      'database user; then run `rampart-agent check`.',
  ],
  [
    ['ORA-12514', 'ORA-12541', 'ORA-12154', 'ORA-12505', 'ORA-12170', 'TNS-12541'],
    'The agent could not reach the database through Oracle Net (listener down, wrong ' +
      'service name or address).',
    CONNECT_STEP,
  ],
  [
    ['ORA-01034', 'ORA-27101', 'ORA-01507', 'ORA-01109'],
    'The database instance is not available: it is down, not mounted or not open.',
    'Start (or mount) the instance, check ORACLE_SID on the host, and run the backup again.',
  ],
  [
    ['ORA-19511', 'ORA-19506', 'ORA-27028', 'ORA-27029', 'ORA-27007'],
    'The media manager (SBT library) reported an error; the text after ORA-19511 comes ' +
      'from the vendor.',
    'Read the vendor message in the log and the media manager’s own logs; check the SBT ' +
      'PARMS of the strategy and that the media server is reachable.',
  ],
  [
    ['ORA-01013', 'RMAN-03099'],
    'The backup was cancelled on request (Ctrl-C, or a cancel from Rampart or the ' + 'scheduler).',
    'Nothing is broken; run the backup again when convenient. It is not retried ' +
      'automatically.',
  ],
  [['ORA-00028', 'ORA-03113', 'ORA-03114', 'ORA-03135', 'RMAN-10038'], KILLED_CAUSE, KILLED_STEP],
  [
    ['RMAN-20242'],
    'No archived log matched the requested range (older releases treat this as an error).',
    'Usually harmless when it is the only error. Use NOT BACKED UP 1 TIMES instead of a ' +
      'time range so an empty set does not fail.',
  ],
  [
    ['RMAN-06207', 'RMAN-06208', 'RMAN-06214'],
    'DELETE OBSOLETE found backups the repository lists as available but that were removed ' +
      'outside RMAN.',
    'Run CROSSCHECK BACKUP and DELETE EXPIRED BACKUP, and stop OS jobs that delete RMAN ' +
      'files.',
  ],
  [
    ['RMAN-08137', 'RMAN-08120', 'RMAN-08138'],
    'Archived logs were kept because a standby or capture process still needs them ' +
      '(archived log deletion policy).',
    'Expected on a Data Guard primary while the standby catches up; check apply lag if it ' +
      'persists.',
  ],
  [
    ['RMAN-06019', 'RMAN-20202', 'RMAN-06010', 'RMAN-20201'],
    'A tablespace or datafile the strategy names does not exist in this database (dropped, ' +
      'renamed, misspelt, or a name from another database).',
    'Open the strategy, pick the tablespaces again from the inspected list (Targets › ' +
      'refresh the inspection first), save, and run it again.',
  ],
  [
    ['RMAN-06023', 'RMAN-06026'],
    'RMAN found no usable backup of a file it would have to restore.',
    'Run a full (level 0) backup now, and check that backups are not deleted before the ' +
      'retention policy allows.',
  ],
  [
    ['ORA-28365', 'ORA-28353'],
    'Encryption needs the TDE keystore (wallet), and it is not open.',
    'Open the keystore (ADMINISTER KEY MANAGEMENT SET KEYSTORE OPEN) or configure an ' +
      'auto-login keystore; then run the backup again.',
  ],
  [
    ['ORA-39087', 'ORA-39070', 'ORA-29283'],
    'The Data Pump directory object is missing, invalid in this container, or its path is ' +
      'not writable by the oracle user.',
    'Create the directory object in the database (inside the PDB) on an existing path, and ' +
      'GRANT READ, WRITE ON DIRECTORY to the export user.',
  ],
  [
    ['ORA-31633', 'ORA-00955', 'ORA-31626'],
    'A Data Pump master table with this job name already exists: an earlier job failed or ' +
      'was stopped and left it behind.',
    'Look at DBA_DATAPUMP_JOBS; attach to the orphan job and KILL_JOB, or drop its master ' +
      'table; generated job names are unique per run.',
  ],
  [
    ['ORA-31693', 'ORA-02354'],
    'Data Pump skipped a table’s data; the dump does not hold that table.',
    'Read the error under it (often ORA-01555) and fix that cause, then export again.',
  ],
  [
    ['ORA-01555'],
    'Undo could not keep a read-consistent image long enough for the consistent export ' +
      '(snapshot too old).',
    'Raise UNDO_RETENTION (and undo tablespace size, or RETENTION GUARANTEE) or export at a ' +
      'quieter time; then export again.',
  ],
  [
    ['ORA-39123', 'ORA-39185', 'ORA-29335'],
    'A transportable tablespace export needs its tablespaces READ ONLY, and they are not.',
    'ALTER TABLESPACE … READ ONLY before the export (and back to READ WRITE after).',
  ],
  [
    ['ORA-39165', 'ORA-39166'],
    'A schema or object the strategy asks for does not exist on the target.',
    'Fix the strategy’s object list, or recreate the missing schema; the dump lacks it.',
  ],
  [
    ['ORA-39002', 'ORA-39001'],
    'Data Pump refused the job before it started (invalid operation or argument).',
    'Read the error under it in the log; it names the parameter or object at fault.',
  ],
  [
    ['ORA-00600', 'ORA-07445'],
    'Oracle hit an internal error.',
    'Look up the first argument in My Oracle Support and open a service request with the ' +
      'incident files.',
  ],
];

const EXPLANATIONS = new Map<string, ErrorExplanation>(
  ENTRIES.flatMap(([codes, cause, nextStep]) => codes.map((c) => [c, { cause, nextStep }])),
);

/** Plain-language cause and next step for an RMAN/ORA code; null when none is on file. */
export function explainError(code: string): ErrorExplanation | null {
  const found = EXPLANATIONS.get(code.trim().toUpperCase());
  return found ? { ...found } : null;
}

/** What `explainVerdict` can read from either parser's verdict. */
type ExplainableVerdict = Pick<LogVerdict, 'primaryError'> & {
  fraBytesRequested?: number | null;
  fraLimitBytes?: number | null;
  failedFile?: string | null;
  missingFile?: string | null;
  missingArchivedLog?: { thread: number; sequence: number } | null;
  osError?: { errno: number; text: string } | null;
  objectsSkipped?: Array<{ object: string; cause: string | null }>;
};

/** `explainError` for the verdict's primary error, with the figures the log printed. */
export function explainVerdict(verdict: ExplainableVerdict): ErrorExplanation | null {
  const base = verdict.primaryError ? explainError(verdict.primaryError) : null;
  if (!base) return null;

  const facts = [fraFigures(verdict), writeFailure(verdict), missingLog(verdict), skipped(verdict)]
    .filter((s): s is string => s !== null)
    .join(' ');

  return facts ? { cause: `${base.cause} ${facts}`, nextStep: base.nextStep } : base;
}

function fraFigures(v: ExplainableVerdict): string | null {
  if (v.fraBytesRequested == null || v.fraLimitBytes == null) return null;

  return (
    `It needed ${formatBytes(v.fraBytesRequested)} more; the limit is ` +
    `${formatBytes(v.fraLimitBytes)}.`
  );
}

function writeFailure(v: ExplainableVerdict): string | null {
  if (!v.failedFile) return null;
  const os = v.osError ? ` (OS error ${v.osError.errno}: ${v.osError.text})` : '';

  return `The write failed on ${v.failedFile}${os}.`;
}

function missingLog(v: ExplainableVerdict): string | null {
  if (!v.missingFile) return null;
  const seq = v.missingArchivedLog
    ? ` (thread ${v.missingArchivedLog.thread}, sequence ${v.missingArchivedLog.sequence})`
    : '';

  return `Missing file: ${v.missingFile}${seq}.`;
}

function skipped(v: ExplainableVerdict): string | null {
  if (!v.objectsSkipped || v.objectsSkipped.length === 0) return null;

  return `Not in the dump: ${v.objectsSkipped.map((o) => o.object).join(', ')}.`;
}

/** 161061273600 → `150 GiB (161061273600 bytes)`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;

  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} bytes`;

  return `${Number(value.toFixed(2))} ${units[unit]} (${bytes} bytes)`;
}
