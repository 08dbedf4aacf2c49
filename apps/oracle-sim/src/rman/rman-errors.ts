import { formatRmanErrorTime } from '../common/oracle-date';

export const ERROR_STACK_BANNER = [
  'RMAN-00571: ===========================================================',
  'RMAN-00569: =============== ERROR MESSAGE STACK FOLLOWS ===============',
  'RMAN-00571: ===========================================================',
];

/** A command failure: lines printed before the banner, then the error stack. */
export class RmanFailure extends Error {
  constructor(
    readonly errorStack: string[],
    readonly before: string[] = [],
  ) {
    super(errorStack.join('\n'));
  }
}

/** `RMAN-03002: failure of backup plus archivelog command at 06/02/2024 01:16:23` */
export function commandFailed(command: string, lines: string[]): RmanFailure {
  return new RmanFailure([
    `RMAN-03002: failure of ${command} command at ${formatRmanErrorTime(new Date())}`,
    ...lines,
  ]);
}

/** `RMAN-03009: failure of backup command on c4 channel at 11/20/2024 22:32:13` */
export function channelFailureLines(command: string, channel: string, lines: string[]): string[] {
  const at = formatRmanErrorTime(new Date());
  return [`RMAN-03009: failure of ${command} command on ${channel} channel at ${at}`, ...lines];
}

/** The user pressed Ctrl-C (SIGINT) while a channel was working. */
export class RmanCancelled extends Error {
  constructor() {
    super('ORA-01013: user requested cancel of current operation');
  }
}

/** A DBA (or the agent cancelling on Windows) killed the channel's database session. */
export class RmanSessionKilled extends Error {
  constructor() {
    super('ORA-00028: your session has been killed');
  }
}

/** ORA-19625 stack for a file the control file knows but the disk has lost. */
export function missingFileLines(file: string): string[] {
  return [
    `ORA-19625: error identifying file ${file}`,
    'ORA-27037: unable to obtain file status',
    `${osErrorPrefix()} Error: 2: No such file or directory`,
    'Additional information: 7',
  ];
}

export function osErrorPrefix(): string {
  return process.platform === 'darwin' ? 'MacOS-x86_64' : 'Linux-x86_64';
}
