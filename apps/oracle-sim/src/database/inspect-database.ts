import * as fs from 'node:fs';

import { DatabaseState, loadState, recoveryAreaUsed } from './database-state';

/** What `inspect` reports: the database as a DBA would want to see it. */
export function inspectDatabase(home: string, sid: string): Record<string, unknown> {
  const state = loadState(home, sid);
  const fra = recoveryAreaUsed(state);

  return {
    name: state.name,
    dbid: state.dbid,
    logMode: state.logMode,
    instanceStatus: state.instanceStatus,
    scn: state.scn,
    currentLogSequence: state.currentSequence,
    tablespaces: state.tablespaces.map((t) => ({
      ...t,
      datafiles: state.datafiles
        .filter((f) => f.tablespace === t.name)
        .map((f) => ({ fileNo: f.fileNo, path: f.path, bytes: f.blocks * state.blockSize })),
    })),
    schemas: state.users.map((u) => ({
      username: u,
      tables: state.tables.filter((t) => t.owner === u).map((t) => t.name),
    })),
    recoveryArea: {
      path: state.recoveryArea.path,
      limitBytes: state.recoveryArea.limitBytes,
      usedBytes: fra.bytes,
      files: fra.files,
    },
    archivedLogs: state.archivedLogs.map((l) => ({
      sequence: l.sequence,
      path: l.path,
      status: l.status,
      onDisk: fs.existsSync(l.path),
      backupCount: l.backupCount,
    })),
    backups: backups(state),
    rmanConfiguration: Object.values(state.rmanConfig),
    schedulerJobs: state.schedulerJobs,
    jobRuns: state.jobRunDetails,
    faults: state.faults,
  };
}

function backups(state: DatabaseState): unknown[] {
  return state.backupSets.map((s) => ({
    key: s.key,
    kind: s.kind,
    level: s.level,
    cumulative: s.cumulative,
    compressed: s.compressed,
    tag: s.tag,
    completedAt: s.completedAt,
    datafiles: s.datafiles.map((d) => d.fileNo),
    archivedLogs: s.archivedLogs,
    autobackup: s.autobackup,
    pieces: s.pieces.map((p) => ({
      handle: p.handle,
      file: p.file,
      device: p.device,
      bytes: p.bytes,
      sha256: p.sha256,
      status: p.status,
    })),
  }));
}

export function formatInspection(report: Record<string, unknown>): string {
  const r = report as {
    name: string;
    dbid: number;
    logMode: string;
    instanceStatus: string;
    recoveryArea: { usedBytes: number; limitBytes: number };
    tablespaces: unknown[];
    archivedLogs: unknown[];
    backups: Array<{
      key: number;
      kind: string;
      level: number | null;
      tag: string;
      pieces: Array<{ handle: string; bytes: number }>;
    }>;
    schedulerJobs: Array<{ name: string; enabled: boolean; state: string }>;
    faults: Array<{ kind: string; once: boolean }>;
  };
  const lines = [
    `Database ${r.name} (DBID=${r.dbid}) ${r.instanceStatus} ${r.logMode}`,
    `Recovery area: ${r.recoveryArea.usedBytes} of ${r.recoveryArea.limitBytes} bytes used`,
    `Tablespaces: ${r.tablespaces.length}, archived logs: ${r.archivedLogs.length}`,
    `Backup sets: ${r.backups.length}`,
    ...r.backups.flatMap((b) =>
      b.pieces.map(
        (p) => `  ${b.key} ${b.kind} level=${b.level ?? 'full'} ${b.tag} ${p.handle} ${p.bytes}`,
      ),
    ),
    `Scheduler jobs: ${r.schedulerJobs.map(jobSummary).join(', ') || 'none'}`,
    `Faults: ${r.faults.map((f) => f.kind + (f.once ? ' (once)' : '')).join(', ') || 'none'}`,
  ];
  return lines.join('\n');
}

function jobSummary(job: { name: string; enabled: boolean }): string {
  return `${job.name}(${job.enabled ? 'ENABLED' : 'DISABLED'})`;
}
