import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { TargetConnection } from '@rampart/contracts';

export const ROOT = resolve(__dirname, '..', '..', '..', '..');
const SIM = join(ROOT, 'apps', 'oracle-sim', 'dist', 'main.js');

export interface SimulatedOracle {
  dir: string;
  oracleHome: string;
  target: TargetConnection;
  inspect(): { logMode: string } & Record<string, unknown>;
  fault(kind: string): void;
  remove(): void;
}

/** A fresh ORACLE_HOME from the built simulator (`npm run build` the oracle-sim first). */
export function createSimulatedOracle(
  options: { archivelog?: boolean; paceMs?: number; sid?: string } = {},
): SimulatedOracle {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-agent-test-'));
  const oracleHome = join(dir, 'oracle');
  const sid = options.sid ?? 'DEMO';
  const args = ['create', '--home', oracleHome, '--sid', sid];
  args.push('--pace-ms', String(options.paceMs ?? 1));
  if (options.archivelog === false) args.push('--noarchivelog');
  execFileSync('node', [SIM, ...args], { encoding: 'utf8' });

  return {
    dir,
    oracleHome,
    target: {
      targetId: 'target-1',
      name: sid,
      oracleHome,
      oracleSid: sid,
      auth: 'os',
      connectString: null,
      username: null,
    },
    inspect: () =>
      JSON.parse(
        execFileSync('node', [SIM, 'inspect', '--home', oracleHome, '--sid', sid, '--json'], {
          encoding: 'utf8',
        }),
      ),
    fault: (kind) => {
      execFileSync('node', [SIM, 'fault', '--home', oracleHome, '--sid', sid, '--kind', kind]);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
