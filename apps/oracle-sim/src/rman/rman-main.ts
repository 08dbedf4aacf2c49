import * as fs from 'node:fs';
import * as path from 'node:path';

import { formatBannerTime } from '../common/oracle-date';
import { databaseExists, readOracleEnv } from '../common/oracle-home';
import { loadState, takeFaults } from '../database/database-state';
import { RmanContext } from './rman-context';
import { recordRmanJob } from './rman-jobs';
import { ERROR_STACK_BANNER } from './rman-errors';
import { RmanOutput } from './rman-output';
import { RmanSession, ScriptSource } from './rman-session';

/** What the RMAN command line asked for. */
export interface RmanArguments {
  target: string | null;
  cmdfile: string | null;
  log: string | null;
  append: boolean;
}

function stripQuotes(value: string): string {
  return value.replace(/^["']|["']$/g, '');
}

/** Accepts `target /`, `target=/`, `target "/"`, `cmdfile=F`, `cmdfile F`, `@F`, `log=F` … */
export function parseRmanArguments(argv: string[]): RmanArguments {
  const args: RmanArguments = { target: null, cmdfile: null, log: null, append: false };
  const keys: Record<string, keyof RmanArguments> = {
    target: 'target',
    cmdfile: 'cmdfile',
    log: 'log',
    msglog: 'log',
  };

  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const eq = /^(\w+)=(.*)$/.exec(arg);
    if (arg.startsWith('@')) args.cmdfile = stripQuotes(arg.slice(1));
    else if (eq && keys[eq[1].toLowerCase()]) {
      (args as unknown as Record<string, string>)[keys[eq[1].toLowerCase()]] = stripQuotes(eq[2]);
    } else if (keys[arg.toLowerCase()] && i + 1 < argv.length) {
      (args as unknown as Record<string, string>)[keys[arg.toLowerCase()]] = stripQuotes(
        argv[i + 1],
      );
      i += 1;
    } else if (arg.toLowerCase() === 'append') args.append = true;
  }

  return args;
}

function banner(out: RmanOutput): void {
  out.line();
  out.line(`Recovery Manager: Release 19.0.0.0.0 - Production on ${formatBannerTime(new Date())}`);
  out.line('Version 19.22.0.0.0');
  out.line();
  out.line('Copyright (c) 1982, 2019, Oracle and/or its affiliates.  All rights reserved.');
  out.line();
}

function connectFailure(out: RmanOutput, oracleErrors: string[]): number {
  out.lines([
    ...ERROR_STACK_BANNER,
    'RMAN-00554: initialization of internal recovery manager package failed',
    'RMAN-04005: error from target database: ',
    ...oracleErrors,
  ]);
  return 1;
}

function readScript(args: RmanArguments): ScriptSource {
  if (args.cmdfile) {
    const file = path.resolve(args.cmdfile);
    return { text: fs.readFileSync(file, 'utf8'), name: file, echo: true };
  }
  return { text: fs.readFileSync(0, 'utf8'), name: 'standard input', echo: false };
}

function openOutput(args: RmanArguments, mask: string | undefined): RmanOutput {
  const fd = args.log ? fs.openSync(path.resolve(args.log), args.append ? 'a' : 'w') : 1;
  return new RmanOutput(fd, mask);
}

async function main(argv: string[]): Promise<number> {
  const env = readOracleEnv();
  const args = parseRmanArguments(argv);
  const out = openOutput(args, env.nlsDateFormat);
  banner(out);

  if (!databaseExists(env.home, env.sid)) {
    return connectFailure(out, [
      'ORA-01034: ORACLE not available',
      'ORA-27101: shared memory realm does not exist',
      'Linux-x86_64 Error: 2: No such file or directory',
    ]);
  }

  const faults = takeFaults(env.home, env.sid);
  if (faults.has('insufficient-privileges'))
    return connectFailure(out, ['ORA-01031: insufficient privileges']);

  const state = loadState(env.home, env.sid);
  const ctx: RmanContext = {
    home: env.home,
    sid: env.sid,
    out,
    state,
    faults,
    paceMs: state.paceMs,
    allocated: [],
    automatic: [],
    inRun: false,
    repositoryAnnounced: false,
    commandId: null,
    cancelRequested: false,
    sessions: new Set(),
    work: { inputBytes: 0, outputBytes: 0 },
  };
  process.on('SIGINT', () => {
    ctx.cancelRequested = true;
  });

  const notOpen = state.instanceStatus === 'OPEN' ? '' : ', not open';
  out.line(`connected to target database: ${state.name} (DBID=${state.dbid}${notOpen})`);
  out.line();
  const startedAt = new Date();
  const status = await new RmanSession(ctx, readScript(args)).run();
  recordRmanJob(ctx, startedAt, status);
  return status;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`RMAN-00600: internal error, arguments [${String(error)}]\n`);
    process.exit(1);
  },
);
