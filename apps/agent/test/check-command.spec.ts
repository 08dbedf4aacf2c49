import { chmodSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { runCheck, recoveryAreaCheck } from '../src/cli/check-command';
import { createSimulatedOracle, type SimulatedOracle } from './support/simulated-oracle';

/** A console stand-in whose Date header runs `skewMs` behind this host. */
async function consoleWithClock(skewMs: number): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.setHeader('date', new Date(Date.now() - skewMs).toUTCString());
    response.end('{"status":"ok"}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function lineOf(stdout: string, name: string): string {
  return stdout.split('\n').find((line) => line.slice(6).startsWith(name)) ?? '';
}

describe('runCheck', () => {
  let oracle: SimulatedOracle;
  let configFile: string;

  beforeAll(() => {
    oracle = createSimulatedOracle();
    configFile = join(oracle.dir, 'agent.json');
    writeFileSync(configFile, '{}', { mode: 0o600 });
  });

  afterAll(() => oracle.remove());

  const check = (consoleUrl: string | null, change: Partial<Parameters<typeof runCheck>[0]> = {}) =>
    runCheck({
      oracleHome: oracle.oracleHome,
      sid: 'DEMO',
      configFile,
      consoleUrl,
      platform: 'linux',
      ...change,
    });

  it('passes every check on a healthy host and says so', async () => {
    const { url, server } = await consoleWithClock(0);

    const result = await check(url).finally(() => server.close());

    expect(result.stdout).toMatch(/all checks passed\n$/);
    expect(result.exitCode).toBe(0);
    for (const name of ['ORACLE_HOME', 'rman', 'sqlplus', 'expdp', 'log mode', 'config file']) {
      expect(lineOf(result.stdout, name)).toMatch(/^ok/);
    }
    expect(lineOf(result.stdout, 'recovery area')).toMatch(/^ok .*% of 2\.0 GB in use/);
    // The HTTP Date header has whole seconds: a healthy clock reads within one second.
    expect(lineOf(result.stdout, 'clock skew')).toMatch(/^ok .*[+-]?[01] s against/);
  });

  it('fails on a clock two minutes off the console, saying to synchronise it', async () => {
    const { url, server } = await consoleWithClock(-120_000);

    const result = await check(url).finally(() => server.close());

    expect(result.exitCode).toBe(1);
    expect(lineOf(result.stdout, 'clock skew')).toMatch(/^FAIL .*-1(19|20|21) s .*chrony or NTP/);
  });

  it('fails on a config file others can read, saying chmod 600', async () => {
    chmodSync(configFile, 0o644);

    const result = await check(null).finally(() => chmodSync(configFile, 0o600));

    expect(lineOf(result.stdout, 'config file')).toMatch(/^FAIL .*mode 644.*chmod 600/);
  });

  it('fails on a wrong SID with what to check', async () => {
    const result = await check(null, { sid: 'NOSUCH' });

    expect(lineOf(result.stdout, 'connection')).toMatch(/^FAIL .*ORA-01034.*ORACLE_SID \(NOSUCH\)/);
  });

  it('fails without an ORACLE_HOME, saying how to give one', async () => {
    const result = await check(null, { oracleHome: undefined });

    expect(result.exitCode).toBe(1);
    expect(lineOf(result.stdout, 'ORACLE_HOME')).toMatch(/^FAIL .*--oracle-home/);
  });

  it('fails on NOARCHIVELOG, pointing at the guarded switch', async () => {
    const noarchive = createSimulatedOracle({ archivelog: false });

    const result = await check(null, { oracleHome: noarchive.oracleHome }).finally(() =>
      noarchive.remove(),
    );

    expect(lineOf(result.stdout, 'log mode')).toMatch(/^FAIL .*NOARCHIVELOG: .*enable ARCHIVELOG/);
  });
});

describe('recoveryAreaCheck', () => {
  it('fails when the recovery area is nearly full after what RMAN may reclaim', () => {
    const check = recoveryAreaCheck(['/u01/fra', '1000', '950', '50', '10']);

    expect(check).toMatchObject({
      outcome: 'FAIL',
      detail: expect.stringMatching(/90%.*ORA-19809/),
    });
  });

  it('passes when obsolete files make room', () => {
    expect(recoveryAreaCheck(['/u01/fra', '1000', '950', '500', '10']).outcome).toBe('ok');
  });

  it('reads the scientific form SQL*Plus prints for wide numbers', () => {
    const check = recoveryAreaCheck(['/u01/fra', '1.6106E+11', '1.5E+11', '0', '10']);

    expect(check.outcome).toBe('FAIL');
  });
});
