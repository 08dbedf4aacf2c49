import { STRATEGY_TYPES, usesDataPump, type StrategyDocument } from '@rampart/contracts';

import { checkCustomScript, customScriptWork } from './custom-script-checks';
import { error, warning, type Finding, type RenderContext } from './findings';
import { checkUserValues } from './user-values';

/** What a strategy will make RMAN do, as far as the checks care. */
interface PlannedWork {
  online: boolean;
  archivedLogs: boolean;
  level1: boolean;
}

/**
 * Everything wrong or risky about a strategy for this run, before anything is generated:
 * errors refuse the run, warnings travel with the rendered work.
 */
export function checkStrategy(input: StrategyDocument, ctx: RenderContext): Finding[] {
  const doc = withListDefaults(input);
  const shape = checkShape(doc, ctx);
  if (shape.length > 0) return shape;

  const work = plannedWork(doc);

  return [
    ...checkUserValues(doc, ctx.runId),
    ...checkLogMode(doc, ctx, work),
    ...checkLevel0(doc, ctx, work),
    ...(doc.type === 'custom' ? [] : checkOptions(doc)),
    ...checkLicences(doc),
    ...checkDataPump(doc, ctx),
  ];
}

/** Empty object lists where a document that skipped schema parsing left them out. */
export function withListDefaults(doc: StrategyDocument): StrategyDocument {
  const p = doc.partial;
  if (!p) return doc;

  return {
    ...doc,
    partial: { tablespaces: p.tablespaces ?? [], schemas: p.schemas ?? [], tables: p.tables ?? [] },
  };
}

function checkShape(doc: StrategyDocument, ctx: RenderContext): Finding[] {
  if (!STRATEGY_TYPES.includes(doc.type)) {
    return [error('UNKNOWN_TYPE', 'type', `must be one of ${STRATEGY_TYPES.join(', ')}`)];
  }
  if (doc.type === 'incremental' && !doc.incremental) {
    return [error('MISSING_BLOCK', 'incremental', 'says level 0 or 1, cumulative or not')];
  }
  if (doc.type === 'partial') return checkPartialShape(doc);
  if (doc.type === 'custom') return checkCustomShape(doc, ctx);

  return [];
}

function checkPartialShape(doc: StrategyDocument): Finding[] {
  const p = doc.partial;
  const rman = p ? p.tablespaces.length : 0;
  const pump = p ? p.schemas.length + p.tables.length : 0;

  if (rman + pump === 0) {
    return [error('MISSING_BLOCK', 'partial', 'needs at least one tablespace, schema or table')];
  }
  if (rman > 0 && pump > 0) {
    return [
      error(
        'PARTIAL_MIXES_TOOLS',
        'partial',
        'mixes tablespaces (RMAN) with schemas or tables (Data Pump): make two strategies',
      ),
    ];
  }

  return [];
}

function checkCustomShape(doc: StrategyDocument, ctx: RenderContext): Finding[] {
  if (!doc.custom || doc.custom.script.trim() === '') {
    return [error('MISSING_BLOCK', 'custom.script', 'needs the script')];
  }
  if (ctx.isAdmin !== true) {
    return [
      error(
        'CUSTOM_NEEDS_ADMIN',
        'custom.script',
        'a custom script runs verbatim on the database host, so only an admin may save or ' +
          'run one. Ask an admin, or use a built-in strategy type.',
      ),
    ];
  }

  return checkCustomScript(doc.custom.script, ctx);
}

function plannedWork(doc: StrategyDocument): PlannedWork {
  if (doc.type === 'custom' && doc.custom) {
    const c = customScriptWork(doc.custom.script);
    return { online: c.backsUpOnline, archivedLogs: c.backsUpArchivedLogs, level1: c.level1 };
  }

  const datafiles = ['full', 'incremental'].includes(doc.type) || isRmanPartial(doc);
  const logs = doc.options.archivedLogs;

  return {
    online: datafiles || doc.type === 'archivelog',
    archivedLogs: doc.type === 'archivelog' || (datafiles && logs.include),
    level1: doc.type === 'incremental' && doc.incremental?.level === 1,
  };
}

function isRmanPartial(doc: StrategyDocument): boolean {
  return doc.type === 'partial' && !usesDataPump(doc);
}

function checkLogMode(doc: StrategyDocument, ctx: RenderContext, work: PlannedWork): Finding[] {
  if (!work.online) return [];
  if (ctx.logMode === 'ARCHIVELOG') return [];
  if (ctx.logMode === 'NOARCHIVELOG') return noArchivelogFindings(doc, ctx, work);

  return [
    warning(
      'LOG_MODE_UNKNOWN',
      'target',
      'the log mode of the target is not known; an online backup needs ARCHIVELOG mode. ' +
        'Inspect the target (or run `rampart-agent check`) before the first run.',
    ),
  ];
}

function noArchivelogFindings(
  doc: StrategyDocument,
  ctx: RenderContext,
  work: PlannedWork,
): Finding[] {
  const findings: Finding[] = [];

  if (doc.type === 'archivelog') {
    findings.push(
      error(
        'ARCHIVELOG_BACKUP_IN_NOARCHIVELOG',
        'type',
        'the target is in NOARCHIVELOG mode, so it writes no archived logs to back up. ' +
          'Switch the target to ARCHIVELOG mode (Targets › ARCHIVELOG, needs a restart).',
      ),
    );
    return findings;
  }
  if (ctx.databaseOpen !== false) findings.push(onlineInNoArchivelog());
  if (work.archivedLogs) findings.push(plusArchivelogInNoArchivelog(doc));

  return findings;
}

function onlineInNoArchivelog(): Finding {
  return error(
    'NOARCHIVELOG_ONLINE_BACKUP',
    'type',
    'the target is OPEN in NOARCHIVELOG mode: RMAN cannot back up an open database without ' +
      'archived logs (RMAN-06149), and the copy could not be made consistent. Switch the ' +
      'target to ARCHIVELOG mode (Targets › ARCHIVELOG, needs a restart), or back it up ' +
      'MOUNTED after a clean shutdown.',
  );
}

function plusArchivelogInNoArchivelog(doc: StrategyDocument): Finding {
  const field = doc.type === 'custom' ? 'custom.script' : 'options.archivedLogs.include';

  return error(
    'PLUS_ARCHIVELOG_IN_NOARCHIVELOG',
    field,
    'the target is in NOARCHIVELOG mode, so there are no archived logs to add to the backup. ' +
      'Leave archived logs out, or switch the target to ARCHIVELOG mode.',
  );
}

function checkLevel0(doc: StrategyDocument, ctx: RenderContext, work: PlannedWork): Finding[] {
  if (!work.level1) return [];
  const field = doc.type === 'custom' ? 'custom.script' : 'incremental.level';

  if (ctx.hasLevel0 === false) {
    return [
      error(
        'LEVEL0_MISSING',
        field,
        'there is no level 0 backup for a level 1 to build on; RMAN would silently take a ' +
          'full level 0 instead, much bigger and longer than planned. Run a level 0 first.',
      ),
    ];
  }
  if (ctx.hasLevel0 === true) return [];

  return [
    warning(
      'LEVEL0_UNKNOWN',
      field,
      'no level 0 backup is known for this target; if none is usable the level 1 becomes a ' +
        'level 0. Check the catalog (LIST BACKUP) or schedule a level 0.',
    ),
  ];
}

function checkOptions(doc: StrategyDocument): Finding[] {
  return [...checkArchivedLogOptions(doc), ...checkRetention(doc), ...checkDestination(doc)];
}

function checkArchivedLogOptions(doc: StrategyDocument): Finding[] {
  const logs = doc.options.archivedLogs;
  const findings: Finding[] = [];
  const takesLogs =
    doc.type === 'archivelog' || (['full', 'incremental'].includes(doc.type) && logs.include);
  const cleaned = logs.deleteInput || doc.options.maintenance.deleteObsolete;

  if (!takesLogs && (logs.deleteInput || logs.notBackedUpTimes !== undefined)) {
    findings.push(
      warning(
        'ARCHIVED_LOG_OPTIONS_UNUSED',
        'options.archivedLogs',
        'NOT BACKED UP / DELETE INPUT are set but this strategy backs up no archived logs; ' +
          'they are ignored. Include archived logs or clear these options.',
      ),
    );
  }
  if (takesLogs && !cleaned) {
    findings.push(
      warning(
        'ARCHIVED_LOGS_NEVER_DELETED',
        'options.archivedLogs.deleteInput',
        'archived logs are backed up but never deleted (no DELETE INPUT, no DELETE OBSOLETE): ' +
          'the archive destination fills up unless something else purges it. Turn on DELETE ' +
          'INPUT or maintenance › delete obsolete.',
      ),
    );
  }

  return findings;
}

function checkRetention(doc: StrategyDocument): Finding[] {
  const { retention, maintenance } = doc.options;

  if (retention && !maintenance.deleteObsolete) {
    return [
      warning(
        'RETENTION_NOT_ENFORCED',
        'options.maintenance.deleteObsolete',
        'a retention policy is set but nothing deletes obsolete backups, so backups pile up. ' +
          'Turn on maintenance › delete obsolete.',
      ),
    ];
  }
  if (!retention && maintenance.deleteObsolete) {
    return [
      warning(
        'DELETE_OBSOLETE_WITHOUT_RETENTION',
        'options.retention',
        'DELETE OBSOLETE will use whatever retention policy is configured on the target ' +
          '(RMAN’s default keeps a single backup). Set a recovery window or redundancy here.',
      ),
    ];
  }

  return maintenance.deleteObsolete && !maintenance.crosscheck ? [noCrosscheck()] : [];
}

function noCrosscheck(): Finding {
  return warning(
    'DELETE_OBSOLETE_WITHOUT_CROSSCHECK',
    'options.maintenance.crosscheck',
    'without CROSSCHECK, files removed outside RMAN make DELETE OBSOLETE report RMAN-06207 ' +
      'mismatches. Turn on maintenance › crosscheck (and never delete RMAN files by hand).',
  );
}

function checkDestination(doc: StrategyDocument): Finding[] {
  const o = doc.options;
  const findings: Finding[] = [];

  if (o.sectionSize !== undefined && ['archivelog', 'validate'].includes(doc.type)) {
    findings.push(
      warning(
        'SECTION_SIZE_UNUSED',
        'options.sectionSize',
        'SECTION SIZE splits datafiles into sections; this strategy backs up no datafiles, ' +
          'so it is ignored.',
      ),
    );
  }
  if (o.destination.kind === 'sbt' && o.destination.parms === undefined) {
    findings.push(
      warning(
        'SBT_WITHOUT_PARMS',
        'options.destination.parms',
        'no media manager PARMS are given; the channel relies on SBT settings configured on ' +
          'the target. Give PARMS (e.g. SBT_LIBRARY=..., ENV=(...)) to make the run ' +
          'self-contained.',
      ),
    );
  }

  return findings;
}

function checkLicences(doc: StrategyDocument): Finding[] {
  if (doc.type === 'custom' || doc.type === 'validate') return [];
  const { compression, encryption } = doc.options;
  const findings: Finding[] = [];
  const pump = usesDataPump(doc);

  if (compression !== 'none' && (pump || compression !== 'basic')) {
    findings.push(
      warning(
        'LICENCE_ADVANCED_COMPRESSION',
        'options.compression',
        pump
          ? 'Data Pump compression of table data needs the Advanced Compression Option ' +
              'licence. Use none unless the target is licensed.'
          : `compression ${compression.toUpperCase()} needs the Advanced Compression Option ` +
              'licence; BASIC is included with Enterprise Edition. Use basic unless licensed.',
      ),
    );
  }
  if (encryption) findings.push(encryptionNote(pump));

  return findings;
}

function encryptionNote(pump: boolean): Finding {
  return warning(
    'LICENCE_ADVANCED_SECURITY',
    'options.encryption',
    (pump ? 'Data Pump' : 'RMAN') +
      ' encryption to disk needs the Advanced Security Option licence (media managers such as ' +
      'Oracle Secure Backup include it) and an open TDE keystore (wallet) on the target, or ' +
      'the run fails with ORA-28365. Check both before enabling.',
  );
}

function checkDataPump(doc: StrategyDocument, ctx: RenderContext): Finding[] {
  if (!usesDataPump(doc)) return [];
  const findings: Finding[] = [];

  if (ctx.databaseOpen === false) {
    findings.push(
      error(
        'DATAPUMP_NEEDS_OPEN_DATABASE',
        'target',
        'Data Pump exports from an OPEN database; the target is not open. Open it, or back ' +
          'up tablespaces with RMAN instead.',
      ),
    );
  }
  if (doc.options.destination.kind === 'sbt') {
    findings.push(
      error(
        'DATAPUMP_CANNOT_USE_SBT',
        'options.destination',
        'Data Pump writes dump files to a directory object, not to a media manager. Choose ' +
          'a disk destination and a directory object (options.dataPump.directory).',
      ),
    );
  }

  return [...findings, ...dataPumpNotes(doc)];
}

function dataPumpNotes(doc: StrategyDocument): Finding[] {
  const o = doc.options;
  const ignored = o.destination.kind === 'disk' || o.tag !== undefined || o.retention;
  if (!ignored) return [];

  return [
    warning(
      'DATAPUMP_IGNORES_RMAN_OPTIONS',
      'options',
      `Data Pump writes to directory object ${o.dataPump.directory}; the disk path, tag and ` +
        'retention of this strategy are RMAN settings and are not used.',
    ),
  ];
}
