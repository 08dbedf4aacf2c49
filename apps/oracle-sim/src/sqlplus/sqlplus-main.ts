import * as fs from 'node:fs';

import { DEFAULT_NLS_DATE_FORMAT } from '../common/oracle-date';
import { databaseExists, readOracleEnv } from '../common/oracle-home';
import { loadState } from '../database/database-state';
import { SqlPlusConnection, SqlPlusSession } from './sqlplus-session';

function connectionOf(argv: string[]): { user: string; sysdba: boolean; silent: boolean } {
  const silent = argv.some((a) => /^-s(ilent)?$/i.test(a));
  const logon = argv.find((a) => !a.startsWith('-')) ?? '/ as sysdba';
  const text = logon.replace(/^["']|["']$/g, '').trim();
  const sysdba = /\bas\s+(sysdba|sysbackup|sysoper)\b/i.test(text);
  const user = text.startsWith('/') ? 'SYS' : text.split(/[/@\s]/)[0] || 'SYSTEM';
  return { user: sysdba ? 'SYS' : user, sysdba, silent };
}

function banner(): string {
  return [
    '',
    `SQL*Plus: Release 19.0.0.0.0 - Production on ${new Date().toUTCString()}`,
    'Version 19.22.0.0.0',
    '',
    'Copyright (c) 1982, 2023, Oracle.  All rights reserved.',
    '',
    '',
    'Connected to:',
    'Oracle Database 19c Enterprise Edition Release 19.0.0.0.0 - Production',
    'Version 19.22.0.0.0',
    '',
  ].join('\n');
}

function refusedByFault(env: { home: string; sid: string }): boolean {
  if (!databaseExists(env.home, env.sid)) return false;
  return loadState(env.home, env.sid).faults.some((f) => f.kind === 'insufficient-privileges');
}

function main(argv: string[]): number {
  const env = readOracleEnv();
  const logon = connectionOf(argv);

  if (refusedByFault(env)) {
    process.stdout.write('ERROR:\nORA-01031: insufficient privileges\n\n\n');
    process.stdout.write('SP2-0751: Unable to connect to Oracle, exiting SQL*Plus\n');
    return 1;
  }
  if (!logon.silent) process.stdout.write(`${banner()}\n`);

  const conn: SqlPlusConnection = {
    home: env.home,
    sid: env.sid,
    user: logon.user,
    sysdba: logon.sysdba,
    silent: logon.silent,
    dateMask: env.nlsDateFormat ?? DEFAULT_NLS_DATE_FORMAT,
  };
  return new SqlPlusSession(conn).run(fs.readFileSync(0, 'utf8'));
}

process.exitCode = main(process.argv.slice(2));
