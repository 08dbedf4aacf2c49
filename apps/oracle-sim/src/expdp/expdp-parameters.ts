import * as fs from 'node:fs';

/** Data Pump export parameters, from the command line and the parfile. */
export interface ExpdpParameters {
  logon: string;
  schemas: string[];
  tables: string[];
  full: boolean;
  directory: string;
  dumpfile: string;
  logfile: string | null;
  nologfile: boolean;
  flashbackTime: string | null;
  parallel: number;
  filesize: string | null;
  jobName: string | null;
  reuseDumpfiles: boolean;
  /** The command line as the `Starting` line echoes it (password masked). */
  echo: string;
}

function pairs(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq > 0) out.push([line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim()]);
  }
  return out;
}

function unquote(value: string): string {
  return value.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
}

function maskLogon(logon: string): string {
  const sysdba = /\bas\s+(sysdba|sysbackup)\b/i.exec(logon);
  const user = logon.startsWith('/') ? '/' : logon.split(/[/@\s]/)[0];
  const masked = user === '/' ? '/********' : `${user}/********`;
  return `${masked}${sysdba ? ` AS ${sysdba[1].toUpperCase()}` : ''}`;
}

export function parseExpdpArguments(argv: string[]): ExpdpParameters {
  const params: ExpdpParameters = {
    logon: '/ as sysdba',
    schemas: [],
    tables: [],
    full: false,
    directory: 'DATA_PUMP_DIR',
    dumpfile: 'expdat.dmp',
    logfile: null,
    nologfile: false,
    flashbackTime: null,
    parallel: 1,
    filesize: null,
    jobName: null,
    reuseDumpfiles: false,
    echo: '',
  };
  const echo: string[] = [];
  const all: Array<[string, string]> = [];

  for (const [i, arg] of argv.entries()) {
    const eq = arg.indexOf('=');
    if (eq < 0 && i === 0) params.logon = unquote(arg);
    else if (eq > 0) {
      const key = arg.slice(0, eq).toLowerCase();
      const value = arg.slice(eq + 1);
      if (key === 'parfile') all.push(...pairs(fs.readFileSync(value, 'utf8')));
      else all.push([key, value]);
      if (key !== 'userid') echo.push(arg);
    }
  }
  for (const [key, value] of all) apply(params, key, value);
  params.echo = `${maskLogon(params.logon)} ${echo.join(' ')} `;
  return params;
}

function apply(p: ExpdpParameters, key: string, raw: string): void {
  const value = unquote(raw);
  const list = () =>
    value
      .split(',')
      .map((s) => unquote(s.trim()).toUpperCase())
      .filter(Boolean);
  switch (key) {
    case 'userid':
      p.logon = value;
      break;
    case 'schemas':
      p.schemas = list();
      break;
    case 'tables':
      p.tables = list();
      break;
    case 'full':
      p.full = /^y/i.test(value);
      break;
    case 'directory':
      p.directory = value.toUpperCase();
      break;
    case 'dumpfile':
      p.dumpfile = value;
      break;
    case 'logfile':
      p.logfile = value;
      break;
    case 'nologfile':
      p.nologfile = /^y/i.test(value);
      break;
    case 'flashback_time':
      p.flashbackTime = value;
      break;
    case 'parallel':
      p.parallel = Math.max(1, Number(value) || 1);
      break;
    case 'filesize':
      p.filesize = value;
      break;
    case 'job_name':
      p.jobName = value.toUpperCase();
      break;
    case 'reuse_dumpfiles':
      p.reuseDumpfiles = /^y/i.test(value);
      break;
    default:
      break; // COMPRESSION, EXCLUDE, CONTENT, METRICS … accepted (TODO: LOGTIME=ALL prefixes)
  }
}
