import { defaultPaths, hostPlatform, oracleBinary, oraclePath } from './platform-paths';

describe('platform paths', () => {
  it('maps win32 to windows and everything else to linux', () => {
    expect(hostPlatform('win32')).toBe('windows');
    expect(hostPlatform('linux')).toBe('linux');
  });

  it('keeps a hand-run Linux agent inside the home directory', () => {
    const paths = defaultPaths('linux', {}, '/home/oracle');

    expect(paths.configFile).toBe('/home/oracle/.rampart/agent.json');
    expect(paths.ipcPath).toBe('/home/oracle/.rampart/agent.sock');
  });

  it('uses the system locations for a Linux service install', () => {
    const paths = defaultPaths('linux', { RAMPART_AGENT_SYSTEM: '1' }, '/home/oracle');

    expect(paths.configFile).toBe('/etc/rampart/agent.json');
    expect(paths.dataDir).toBe('/var/lib/rampart');
    expect(paths.ipcPath).toBe('/run/rampart/agent.sock');
  });

  it('uses ProgramData and a named pipe on Windows', () => {
    const paths = defaultPaths('windows', { ProgramData: 'D:\\ProgramData' }, 'C:\\Users\\x');

    expect(paths.configFile).toBe('D:\\ProgramData\\Rampart\\agent.json');
    expect(paths.ipcPath).toBe('\\\\.\\pipe\\rampart-agent');
  });

  it('finds Oracle executables with the platform suffix', () => {
    expect(oracleBinary('windows', 'C:\\app\\oracle\\product\\19c', 'rman')).toBe(
      'C:\\app\\oracle\\product\\19c\\bin\\rman.exe',
    );
    expect(oracleBinary('linux', '/u01/app/oracle/19c', 'rman')).toBe(
      '/u01/app/oracle/19c/bin/rman',
    );
  });

  it('puts ORACLE_HOME/bin first on PATH with the right separator', () => {
    expect(oraclePath('windows', 'C:\\ora', 'C:\\Windows')).toBe('C:\\ora\\bin;C:\\Windows');
    expect(oraclePath('linux', '/u01/ora', '/usr/bin')).toBe('/u01/ora/bin:/usr/bin');
  });
});
