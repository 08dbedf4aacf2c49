import { error, warning, type Finding, type RenderContext } from './findings';
import { scanRmanScript, type ScannedCommand } from './rman-command-scanner';

const FIELD = 'custom.script';

type CommandCheck = (cmd: ScannedCommand) => Finding | null;

/** The checks that still apply to a script an admin wrote by hand. */
export function checkCustomScript(script: string, ctx: RenderContext): Finding[] {
  const scanned = scanRmanScript(script);

  if (scanned.unterminatedQuoteAtLine !== null) {
    return [
      error(
        'CUSTOM_UNTERMINATED_QUOTE',
        FIELD,
        `a quote opened on line ${scanned.unterminatedQuoteAtLine} is never closed; ` +
          'RMAN would read the rest of the script as one string. Close the quote.',
      ),
    ];
  }

  const commands = scanned.commands.filter((c) => c.bare !== 'RUN');
  const perCommand = commands.flatMap((cmd) =>
    COMMAND_CHECKS.map((check) => check(cmd)).filter((f): f is Finding => f !== null),
  );

  return [...perCommand, ...scriptChecks(commands, ctx)];
}

const COMMAND_CHECKS: CommandCheck[] = [
  unknownCommand,
  changesDatabase,
  storedScript,
  sqlStatement,
  deletesEveryBackup,
  forgetsBackups,
  hostCommand,
  nestedScript,
  connectCommand,
  dropDatabase,
  deleteWithoutNoprompt,
  ageBasedDelete,
  unguardedArchivedLogDelete,
  spoolLog,
  restartsDatabase,
  configureInRun,
  formatNotUnique,
];

function firstWord(cmd: ScannedCommand): string {
  const match = /^[@A-Z_]+/.exec(cmd.bare);
  return match ? match[0] : cmd.bare.charAt(0);
}

function at(cmd: ScannedCommand): string {
  return `line ${cmd.line}`;
}

function hostCommand(cmd: ScannedCommand): Finding | null {
  if (firstWord(cmd) !== 'HOST') return null;

  return error(
    'CUSTOM_HOST_COMMAND',
    FIELD,
    `${at(cmd)} runs an operating-system command (HOST); Rampart never lets a backup ` +
      'script open a shell. Do that work outside RMAN, in a reviewed tool.',
  );
}

function nestedScript(cmd: ScannedCommand): Finding | null {
  if (!cmd.bare.startsWith('@')) return null;

  return error(
    'CUSTOM_NESTED_SCRIPT',
    FIELD,
    `${at(cmd)} runs another command file (@); its content is not stored or audited. ` +
      'Paste its commands into this script instead.',
  );
}

function connectCommand(cmd: ScannedCommand): Finding | null {
  if (firstWord(cmd) !== 'CONNECT') return null;

  return error(
    'CUSTOM_CONNECT',
    FIELD,
    `${at(cmd)} connects on its own (CONNECT), which puts credentials in the script. ` +
      'Remove it: the agent connects RMAN to the target.',
  );
}

function dropDatabase(cmd: ScannedCommand): Finding | null {
  const destructive = /^(DROP|UNREGISTER)\b/.test(cmd.bare);
  if (!destructive) return null;

  return error(
    'CUSTOM_DESTRUCTIVE_COMMAND',
    FIELD,
    `${at(cmd)} drops a database, a catalog or its registration; a backup strategy ` +
      'must never do that. Remove the command.',
  );
}

function deleteWithoutNoprompt(cmd: ScannedCommand): Finding | null {
  const deletesScript = /^DELETE ((GLOBAL )?SCRIPT|FROM)\b/.test(cmd.bare);
  if (firstWord(cmd) !== 'DELETE' || deletesScript || / NOPROMPT\b/.test(cmd.bare)) return null;

  return error(
    'CUSTOM_DELETE_PROMPTS',
    FIELD,
    `${at(cmd)} deletes without NOPROMPT; RMAN would wait for a YES that nobody types ` +
      'in a scheduled run. Write DELETE NOPROMPT.',
  );
}

function ageBasedDelete(cmd: ScannedCommand): Finding | null {
  const isAgeBased =
    firstWord(cmd) === 'DELETE' && / BACKUP/.test(cmd.bare) && / COMPLETED BEFORE/.test(cmd.bare);
  if (!isAgeBased) return null;

  return warning(
    'CUSTOM_AGE_BASED_DELETE',
    FIELD,
    `${at(cmd)} deletes backups by age (COMPLETED BEFORE), ignoring the retention policy: ` +
      'if last week’s level 0 failed, the only usable one goes too. Use CONFIGURE RETENTION ' +
      'POLICY and DELETE NOPROMPT OBSOLETE.',
  );
}

function unguardedArchivedLogDelete(cmd: ScannedCommand): Finding | null {
  const b = cmd.bare;
  const deletesLogs =
    firstWord(cmd) === 'DELETE' && / ARCHIVELOG/.test(b) && !/ (EXPIRED|OBSOLETE)\b/.test(b);
  if (!deletesLogs || / BACKED UP/.test(b)) return null;

  return warning(
    'CUSTOM_ARCHIVELOG_DELETE_UNGUARDED',
    FIELD,
    `${at(cmd)} deletes archived logs without BACKED UP n TIMES TO DEVICE TYPE: if the ` +
      'backup failed, logs that were never backed up are lost (unless an archived log ' +
      'deletion policy is configured). Add BACKED UP 1 TIMES TO DEVICE TYPE DISK (or SBT).',
  );
}

function spoolLog(cmd: ScannedCommand): Finding | null {
  if (!/^SPOOL LOG\b/.test(cmd.bare) || cmd.bare === 'SPOOL LOG OFF') return null;

  return error(
    'CUSTOM_SPOOL_LOG',
    FIELD,
    `${at(cmd)} spools the log to a file, so Rampart would neither see the output nor be ` +
      'able to judge the run. Remove SPOOL LOG; the agent keeps the whole log.',
  );
}

/**
 * The first words of the commands a backup script may run. Everything else (RECOVER,
 * DUPLICATE, catalog administration, a typo) is refused rather than guessed at.
 */
const BACKUP_SCRIPT_COMMANDS = new Set([
  'ALLOCATE',
  'ALTER',
  'BACKUP',
  'CATALOG',
  'CHANGE',
  'CONFIGURE',
  'CONNECT',
  'CROSSCHECK',
  'DELETE',
  'DROP',
  'EXECUTE',
  'EXIT',
  'HOST',
  'LIST',
  'PRINT',
  'QUIT',
  'RELEASE',
  'REPORT',
  'RESTORE',
  'RESYNC',
  'RUN',
  'SEND',
  'SET',
  'SHOW',
  'SHUTDOWN',
  'SPOOL',
  'SQL',
  'STARTUP',
  'UNREGISTER',
  'VALIDATE',
  'RECOVER',
  'FLASHBACK',
  'DUPLICATE',
  'SWITCH',
  'RESET',
  'REPAIR',
  'TRANSPORT',
  'CONVERT',
  'CREATE',
  'REPLACE',
  'GRANT',
  'REVOKE',
  'REGISTER',
  'IMPORT',
  'UPGRADE',
]);

function unknownCommand(cmd: ScannedCommand): Finding | null {
  const word = firstWord(cmd);
  const plainRun = word !== 'RUN' || cmd.bare === 'RUN';
  if (word.startsWith('@') || (BACKUP_SCRIPT_COMMANDS.has(word) && plainRun)) return null;

  return error(
    'CUSTOM_UNKNOWN_COMMAND',
    FIELD,
    `${at(cmd)} starts with ${JSON.stringify(word)}, which is not an RMAN command of a backup ` +
      'script (BACKUP, VALIDATE, CROSSCHECK, DELETE, ALLOCATE, SET, CONFIGURE, SQL …). ' +
      'Check the spelling; other work belongs outside the backup.',
  );
}

/** Commands that write to the database or the catalog instead of reading them. */
function changesDatabase(cmd: ScannedCommand): Finding | null {
  const word = firstWord(cmd);
  const restores = word === 'RESTORE' && !/ (VALIDATE|PREVIEW)( |$)/.test(cmd.bare);
  const writes = [
    'RECOVER',
    'FLASHBACK',
    'DUPLICATE',
    'SWITCH',
    'RESET',
    'REPAIR',
    'TRANSPORT',
    'CONVERT',
    'GRANT',
    'REVOKE',
    'REGISTER',
    'IMPORT',
    'UPGRADE',
  ].includes(word);
  const creates = /^(CREATE|REPLACE)\b/.test(cmd.bare) && !/^\w+ (GLOBAL )?SCRIPT\b/.test(cmd.bare);
  if (!restores && !writes && !creates) return null;

  return error(
    'CUSTOM_CHANGES_DATABASE',
    FIELD,
    `${at(cmd)} ${word} changes the database or the recovery catalog; a backup strategy ` +
      'only reads them (RESTORE is admitted with VALIDATE or PREVIEW). Remove the command.',
  );
}

function storedScript(cmd: ScannedCommand): Finding | null {
  if (!/^(EXECUTE|(CREATE|REPLACE|DELETE) (GLOBAL )?SCRIPT)\b/.test(cmd.bare)) return null;

  return error(
    'CUSTOM_STORED_SCRIPT',
    FIELD,
    `${at(cmd)} runs or changes a script stored in the recovery catalog, whose content ` +
      'Rampart neither stores nor audits. Paste its commands into this script instead.',
  );
}

/**
 * SQL statements a backup commonly needs; every other statement is refused. None may name a
 * file to overwrite (no REUSE, no PFILE path): a datafile or the spfile would be lost.
 */
const ADMITTED_SQL = [
  /^ALTER SYSTEM (ARCHIVE LOG CURRENT|SWITCH LOGFILE|CHECKPOINT( GLOBAL| LOCAL)?)$/,
  /^ALTER DATABASE (BEGIN|END) BACKUP$/,
  /^ALTER DATABASE (OPEN|MOUNT)$/,
  /^ALTER TABLESPACE [A-Z][A-Z0-9_$#]* (BEGIN|END) BACKUP$/,
  /^ALTER DATABASE BACKUP CONTROLFILE TO (TRACE( AS '')?|'')$/,
  /^CREATE PFILE FROM SPFILE$/,
];

/** `SQL '…'` and the statements RMAN 12c+ takes without the SQL keyword. */
function sqlStatement(cmd: ScannedCommand): Finding | null {
  const statement = sqlText(cmd);
  if (statement === null || ADMITTED_SQL.some((rule) => rule.test(statement))) return null;

  return error(
    'CUSTOM_SQL_NOT_ADMITTED',
    FIELD,
    `${at(cmd)} runs the SQL ${JSON.stringify(statement.slice(0, 60))} as SYSDBA. A backup ` +
      "script may only run SQL '<one statement>' to switch or archive logs, checkpoint, " +
      'BEGIN/END BACKUP, open or mount, and back up the control file or parameter file; do ' +
      'other SQL outside the backup.',
  );
}

function sqlText(cmd: ScannedCommand): string | null {
  if (firstWord(cmd) === 'ALTER') return cmd.bare;
  if (/^DELETE FROM\b/.test(cmd.bare)) return cmd.bare;
  if (firstWord(cmd) !== 'SQL') return null;

  // One quoted statement and nothing else: `SQL '…'` or `SQL CHANNEL name '…'`.
  if (!/^SQL (CHANNEL [A-Z0-9_$#]+ )?''$/.test(cmd.bare) || cmd.strings.length !== 1) {
    return cmd.bare;
  }
  return cmd.strings[0]
    .toUpperCase()
    .replace(/''/g, "'")
    .replace(/'[^']*'/g, "''")
    .replace(/\s+/g, ' ')
    .trim();
}

/** `DELETE BACKUP` without OBSOLETE, EXPIRED, a tag or a date removes every backup there is. */
function deletesEveryBackup(cmd: ScannedCommand): Finding | null {
  const b = cmd.bare;
  const kinds = / (BACKUP|BACKUPSET|BACKUPPIECE|COPY|DATAFILECOPY|CONTROLFILECOPY)\b/;
  const deletesBackups = firstWord(cmd) === 'DELETE' && !/^DELETE FROM\b/.test(b) && kinds.test(b);
  const narrowed = / (OBSOLETE|EXPIRED|TAG|COMPLETED BEFORE)( |$)/.test(b);
  if (!deletesBackups || narrowed) return null;

  return error(
    'CUSTOM_DELETES_ALL_BACKUPS',
    FIELD,
    `${at(cmd)} deletes backups without OBSOLETE, EXPIRED, TAG or COMPLETED BEFORE: it would ` +
      'remove every backup it matches, including the only ones that can restore the database. ' +
      'Use DELETE NOPROMPT OBSOLETE with a retention policy.',
  );
}

/**
 * CHANGE … UNCATALOG | UNAVAILABLE | NOKEEP | DELETE makes backups unusable or forgotten, and
 * BACKUP BACKUPSET … DELETE INPUT removes the sets it copies: neither belongs in a backup.
 */
function forgetsBackups(cmd: ScannedCommand): Finding | null {
  const b = cmd.bare;
  const changes =
    firstWord(cmd) === 'CHANGE' && / (UNCATALOG|UNAVAILABLE|NOKEEP|DELETE)( |$)/.test(b);
  const copiesSets = /^BACKUP .*\bBACKUPSET\b/.test(b.replace(/ AS (COMPRESSED )?BACKUPSET/g, ''));
  const movesSets = copiesSets && / DELETE (ALL )?INPUT( |$)/.test(b);
  if (!changes && !movesSets) return null;

  return error(
    'CUSTOM_DESTRUCTIVE_COMMAND',
    FIELD,
    `${at(cmd)} makes existing backups unusable, forgotten or deleted; a backup strategy must ` +
      'never do that. Remove the command.',
  );
}

function restartsDatabase(cmd: ScannedCommand): Finding | null {
  const word = firstWord(cmd);
  if (word !== 'SHUTDOWN' && word !== 'STARTUP') return null;

  return warning(
    'CUSTOM_RESTARTS_DATABASE',
    FIELD,
    `${at(cmd)} runs ${word}: the database is unavailable during the backup. Make sure ` +
      'this is a planned cold backup and that the schedule is in the maintenance window.',
  );
}

function configureInRun(cmd: ScannedCommand): Finding | null {
  if (firstWord(cmd) !== 'CONFIGURE' || cmd.depth === 0) return null;

  return warning(
    'CUSTOM_CONFIGURE_IN_RUN',
    FIELD,
    `${at(cmd)} CONFIGURE inside RUN rewrites persistent settings on every run; use SET ` +
      'inside RUN for run-only settings, or CONFIGURE once outside it.',
  );
}

function formatNotUnique(cmd: ScannedCommand): Finding | null {
  const unsafe = formatStrings(cmd).find((f) => !/%U|%F/.test(f) && !/%u.*%p|%p.*%u/.test(f));
  if (unsafe === undefined) return null;

  return warning(
    'CUSTOM_FORMAT_NOT_UNIQUE',
    FIELD,
    `${at(cmd)} FORMAT '${unsafe}' does not make every piece name unique (no %U, or %u ` +
      'without %p): multi-piece sets would collide. Use %U.',
  );
}

/** The quoted strings that directly follow a FORMAT keyword. */
function formatStrings(cmd: ScannedCommand): string[] {
  const before = cmd.bare.split("''");

  return cmd.strings.filter((_, i) => /\bFORMAT\s*$/.test(before[i]));
}

function scriptChecks(commands: ScannedCommand[], ctx: RenderContext): Finding[] {
  const findings: Finding[] = [];
  const firstBackup = commands.findIndex((c) => firstWord(c) === 'BACKUP');
  const firstUpkeep = commands.findIndex((c) => /^(CROSSCHECK|DELETE)\b/.test(c.bare));

  if (firstBackup >= 0 && firstUpkeep >= 0 && firstUpkeep < firstBackup) {
    findings.push(maintenanceFirst(commands[firstUpkeep]));
  }
  if (!commands.some((c) => /^SET COMMAND ID TO ''/.test(c.bare))) {
    findings.push(
      warning(
        'CUSTOM_NO_COMMAND_ID',
        FIELD,
        `the script has no SET COMMAND ID, so its sessions cannot be matched to run ` +
          `${ctx.runId} in V$SESSION. Start the RUN block with SET COMMAND ID TO ` +
          `'rampart-${ctx.runId}'.`,
      ),
    );
  }

  return findings;
}

function maintenanceFirst(cmd: ScannedCommand): Finding {
  return warning(
    'CUSTOM_MAINTENANCE_BEFORE_BACKUP',
    FIELD,
    `${at(cmd)} runs maintenance before the backup: in a command file RMAN stops at the ` +
      'first failing command, so a failed CROSSCHECK or DELETE means no backup at all. ' +
      'Move maintenance after the backup.',
  );
}

/** What a custom script backs up, so the log-mode and level 0 checks can apply to it. */
export function customScriptWork(script: string): {
  backsUpOnline: boolean;
  backsUpArchivedLogs: boolean;
  level1: boolean;
} {
  const backups = scanRmanScript(script).commands.filter((c) => c.bare.startsWith('BACKUP'));

  return {
    backsUpOnline: backups.some((c) => / (DATABASE|TABLESPACE|DATAFILE)\b/.test(c.bare)),
    backsUpArchivedLogs: backups.some((c) => / ARCHIVELOG\b/.test(c.bare)),
    level1: backups.some((c) => / INCREMENTAL LEVEL 1\b/.test(c.bare)),
  };
}
