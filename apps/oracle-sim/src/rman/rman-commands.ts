/** The RMAN commands the simulator understands, as parsed from a script. */

export type DeviceType = 'DISK' | 'SBT_TAPE';

export interface ArchivelogSpec {
  notBackedUpTimes: number | null;
  deleteInput: boolean;
  fromSequence: number | null;
}

export type BackupObject =
  | { type: 'database' }
  | { type: 'tablespace'; names: string[] }
  | { type: 'datafile'; fileNos: number[] }
  | { type: 'archivelog'; spec: ArchivelogSpec }
  | { type: 'current-controlfile' }
  | { type: 'spfile' };

export interface BackupSpec {
  compressed: boolean;
  level: 0 | 1 | null;
  cumulative: boolean;
  objects: BackupObject[];
  plusArchivelog: ArchivelogSpec | null;
  format: string | null;
  tag: string | null;
  sectionSizeBytes: number | null;
  filesPerSet: number | null;
  includeCurrentControlfile: boolean;
  validateOnly: boolean;
  /** The verb RMAN names in RMAN-03002: `backup` or `backup plus archivelog`. */
  commandName: string;
}

export interface SourceSpan {
  firstLine: number;
  lastLine: number;
}

export type RmanCommand = SourceSpan &
  (
    | { kind: 'run'; commands: RmanCommand[] }
    | {
        kind: 'allocate';
        channel: string;
        device: DeviceType;
        format: string | null;
        parms: string | null;
        maxPieceSizeBytes: number | null;
      }
    | { kind: 'release'; channel: string }
    | { kind: 'set-command-id'; id: string }
    | { kind: 'set-echo'; on: boolean }
    | { kind: 'configure'; setting: string; text: string | null }
    | { kind: 'backup'; spec: BackupSpec }
    | { kind: 'sql'; text: string; quoted: boolean }
    | { kind: 'crosscheck'; target: 'backup' | 'archivelog' }
    | { kind: 'delete'; target: DeleteTarget }
    | { kind: 'restore'; mode: 'validate' | 'preview' }
    | { kind: 'validate' }
    | { kind: 'list'; target: 'backup' | 'backup-summary' | 'archivelog' }
    | { kind: 'report-obsolete' }
    | { kind: 'show-all' }
    | { kind: 'connect-target' }
    | { kind: 'exit' }
  );

/** A command without its source span, as the parser builds it. */
export type RmanCommandBody = RmanCommand extends infer C
  ? C extends RmanCommand
    ? Omit<C, 'firstLine' | 'lastLine'>
    : never
  : never;

export type DeleteTarget =
  | { what: 'obsolete'; redundancy: number | null; windowDays: number | null }
  | { what: 'expired-backup' }
  | { what: 'expired-archivelog' }
  | { what: 'archivelog'; completedBeforeDays: number | null; backedUpTimes: number | null }
  | { what: 'backup'; completedBeforeDays: number | null; tag: string | null };

/** A syntax error, reported as RMAN does (RMAN-00558 / 01009 / 01008 / 01007). */
export class RmanSyntaxError extends Error {
  constructor(
    readonly found: string,
    readonly expecting: string[],
    readonly badIdentifier: string | null,
    readonly line: number,
    readonly column: number,
  ) {
    super(`syntax error: found "${found}"`);
  }
}
