import { join, win32, posix } from 'node:path';

export type HostPlatform = 'linux' | 'windows';

export function hostPlatform(platform: NodeJS.Platform = process.platform): HostPlatform {
  return platform === 'win32' ? 'windows' : 'linux';
}

export interface AgentPaths {
  configFile: string;
  dataDir: string;
  /** Where `trigger` reaches the daemon: a Unix socket, or a named pipe on Windows. */
  ipcPath: string;
}

/**
 * Default locations: `/etc/rampart` and `/var/lib/rampart` for a service install on Linux,
 * `%ProgramData%\Rampart` on Windows; a user's own home when run by hand.
 */
export function defaultPaths(
  platform: HostPlatform,
  env: NodeJS.ProcessEnv,
  home: string,
): AgentPaths {
  if (platform === 'windows') {
    const base = win32.join(env['ProgramData'] ?? 'C:\\ProgramData', 'Rampart');
    return {
      configFile: win32.join(base, 'agent.json'),
      dataDir: win32.join(base, 'data'),
      ipcPath: '\\\\.\\pipe\\rampart-agent',
    };
  }

  const system = env['RAMPART_AGENT_SYSTEM'] === '1';
  const base = system ? '/var/lib/rampart' : posix.join(home, '.rampart');
  return {
    configFile: system ? '/etc/rampart/agent.json' : posix.join(base, 'agent.json'),
    dataDir: system ? base : posix.join(base, 'data'),
    ipcPath: posix.join(system ? '/run/rampart' : base, 'agent.sock'),
  };
}

/** The name of an Oracle executable on this platform: `rman` or `rman.exe`. */
export function oracleBinary(platform: HostPlatform, oracleHome: string, name: string): string {
  return platform === 'windows'
    ? win32.join(oracleHome, 'bin', `${name}.exe`)
    : posix.join(oracleHome, 'bin', name);
}

/** PATH with ORACLE_HOME/bin first, using the platform's separator. */
export function oraclePath(platform: HostPlatform, oracleHome: string, path = ''): string {
  const bin = platform === 'windows' ? win32.join(oracleHome, 'bin') : join(oracleHome, 'bin');
  const separator = platform === 'windows' ? ';' : ':';
  return path ? `${bin}${separator}${path}` : bin;
}
