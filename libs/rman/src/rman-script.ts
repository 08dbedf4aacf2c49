import type { StrategyDocument } from '@rampart/contracts';

import { quoteIdentifier, quoteString, runIdProblem, UnsafeValue } from './user-values';

type Options = StrategyDocument['options'];

const ALGORITHMS: Record<Options['compression'], string | null> = {
  none: null,
  basic: 'BASIC',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
};

/** The RMAN command file for a checked strategy (everything but Data Pump and custom). */
export function renderRmanScript(doc: StrategyDocument, runId: string): string {
  if (runIdProblem(runId) !== null) throw new UnsafeValue('runId');
  const body = [
    `SET COMMAND ID TO ${quoteString(`rampart-${runId}`, 'runId')};`,
    ...channelCommands(doc),
    ...runSettings(doc),
    ...workCommands(doc),
    ...maintenanceCommands(doc.options),
  ];

  return [
    `# Rampart run ${runId}: ${doc.type} backup, generated; do not edit.`,
    ...configureCommands(doc),
    'RUN {',
    ...body.map((line) => `  ${line}`),
    '}',
    'EXIT;',
    '',
  ].join('\n');
}

/** Persistent settings the strategy owns; CONFIGURE is a top-level command, outside RUN. */
function configureCommands(doc: StrategyDocument): string[] {
  const o = doc.options;
  const commands: string[] = [];
  const algorithm = ALGORITHMS[o.compression];

  if (doc.type === 'validate') return commands;
  commands.push('CONFIGURE CONTROLFILE AUTOBACKUP ON;');
  if (algorithm !== null) {
    commands.push(`CONFIGURE COMPRESSION ALGORITHM ${quoteString(algorithm, 'compression')};`);
  }
  if (o.retention?.kind === 'recovery-window') {
    commands.push(`CONFIGURE RETENTION POLICY TO RECOVERY WINDOW OF ${o.retention.days} DAYS;`);
  }
  if (o.retention?.kind === 'redundancy') {
    commands.push(`CONFIGURE RETENTION POLICY TO REDUNDANCY ${o.retention.copies};`);
  }

  return commands;
}

function channelCommands(doc: StrategyDocument): string[] {
  const o = doc.options;
  const device = deviceClause(o.destination);
  const format = doc.type === 'validate' ? '' : formatClause(o.destination, '%d_%T_%U');
  const channels: string[] = [];

  for (let n = 1; n <= o.channels; n++) {
    channels.push(`ALLOCATE CHANNEL c${n} ${device}${format};`);
  }

  return channels;
}

function deviceClause(d: Options['destination']): string {
  if (d.kind !== 'sbt') return 'DEVICE TYPE DISK';
  const parms = d.parms === undefined ? '' : ` PARMS ${quoteString(d.parms, 'parms')}`;

  return `DEVICE TYPE SBT${parms}`;
}

function formatClause(d: Options['destination'], pattern: string): string {
  if (d.kind === 'recovery-area') return '';
  if (d.kind === 'sbt') return ` FORMAT ${quoteString(pattern, 'format')}`;

  return ` FORMAT ${quoteString(joinPath(d.path, pattern), 'options.destination.path')}`;
}

/** `/u01/backup` + `%U` → `/u01/backup/%U`; `D:\backup\` + `%U` → `D:\backup\%U`. */
export function joinPath(dir: string, name: string): string {
  const separator = /^[A-Za-z]:\\/.test(dir) ? '\\' : '/';

  return `${dir.replace(/[\\/]+$/, '')}${separator}${name}`;
}

function runSettings(doc: StrategyDocument): string[] {
  const o = doc.options;
  const settings: string[] = [];

  if (o.encryption && doc.type !== 'validate') settings.push('SET ENCRYPTION ON;');
  if (o.destination.kind === 'disk' && doc.type !== 'validate') {
    const format = quoteString(joinPath(o.destination.path, '%d_cf_%F'), 'path');
    settings.push(`SET CONTROLFILE AUTOBACKUP FORMAT FOR DEVICE TYPE DISK TO ${format};`);
  }

  return settings;
}

function workCommands(doc: StrategyDocument): string[] {
  switch (doc.type) {
    case 'full':
      return [`${backupPrefix(doc)} DATABASE${plusArchivelog(doc.options)};`];
    case 'incremental':
      return [`${backupPrefix(doc)} DATABASE${plusArchivelog(doc.options)};`];
    case 'partial':
      return [
        `${backupPrefix(doc)} TABLESPACE ${tablespaceList(doc)}${plusArchivelog(doc.options)};`,
      ];
    case 'archivelog':
      return [archivelogBackup(doc)];
    case 'validate':
      return validateCommands(doc.options);
    default:
      throw new UnsafeValue('type');
  }
}

function backupPrefix(doc: StrategyDocument): string {
  const o = doc.options;
  const parts = ['BACKUP'];
  const inc = doc.incremental;

  if (doc.type === 'incremental' && inc) {
    parts.push(`INCREMENTAL LEVEL ${inc.level === 1 ? 1 : 0}`);
    if (inc.level === 1 && inc.cumulative) parts.push('CUMULATIVE');
  }
  if (o.compression !== 'none') parts.push('AS COMPRESSED BACKUPSET');
  if (o.validation.checkLogical) parts.push('CHECK LOGICAL');
  if (o.sectionSize !== undefined && doc.type !== 'archivelog') {
    parts.push(`SECTION SIZE ${sectionSize(o.sectionSize)}`);
  }
  if (o.tag !== undefined) parts.push(`TAG ${quoteString(o.tag.toUpperCase(), 'options.tag')}`);

  return parts.join(' ');
}

function sectionSize(size: string): string {
  if (!/^[1-9]\d{0,5}[KMG]$/i.test(size)) throw new UnsafeValue('options.sectionSize');
  return size.toUpperCase();
}

function tablespaceList(doc: StrategyDocument): string {
  const names = doc.partial?.tablespaces ?? [];

  return names.map((t, i) => quoteIdentifier(t, `partial.tablespaces[${i}]`)).join(', ');
}

function plusArchivelog(o: Options): string {
  if (!o.archivedLogs.include) return '';

  return ` PLUS ARCHIVELOG${archivedLogSelection(o)}`;
}

function archivedLogSelection(o: Options): string {
  const times = o.archivedLogs.notBackedUpTimes;
  const notBackedUp = times === undefined ? '' : ` NOT BACKED UP ${wholeNumber(times)} TIMES`;

  return `${notBackedUp}${o.archivedLogs.deleteInput ? ' DELETE INPUT' : ''}`;
}

function wholeNumber(n: number): number {
  if (!Number.isInteger(n)) throw new UnsafeValue('number');
  return n;
}

function archivelogBackup(doc: StrategyDocument): string {
  return `${backupPrefix(doc)} ARCHIVELOG ALL${archivedLogSelection(doc.options)};`;
}

function validateCommands(o: Options): string[] {
  const logical = o.validation.checkLogical ? ' CHECK LOGICAL' : '';

  return [
    'RESTORE DATABASE PREVIEW SUMMARY;',
    `RESTORE DATABASE VALIDATE${logical};`,
    'RESTORE CONTROLFILE VALIDATE;',
  ];
}

function maintenanceCommands(o: Options): string[] {
  const commands: string[] = [];

  if (o.maintenance.crosscheck) {
    commands.push('CROSSCHECK BACKUP;', 'CROSSCHECK ARCHIVELOG ALL;');
    commands.push('DELETE NOPROMPT EXPIRED BACKUP;', 'DELETE NOPROMPT EXPIRED ARCHIVELOG ALL;');
  }
  if (o.maintenance.deleteObsolete) commands.push('DELETE NOPROMPT OBSOLETE;');

  return commands;
}
