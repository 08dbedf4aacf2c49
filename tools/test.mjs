#!/usr/bin/env node
// `npm test`: builds what the tests run as processes (console, agent, simulator, dashboard),
// then runs every project's tests in one Jest run, and ends with the plain line
// `N passed, N failed` that CI reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NG_CLI_ANALYTICS: 'false' };
const passThrough = process.argv.slice(2);

function run(command, args) {
  return spawnSync(command, args, { stdio: 'inherit', env }).status ?? 1;
}

if (!process.env.RAMPART_SKIP_BUILD) {
  const status = run('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static']);
  if (status !== 0) {
    console.error('\nthe build failed: no test was run');
    console.log('0 passed, 1 failed');
    process.exit(status);
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'rampart-test-'));
const resultsFile = join(scratch, 'results.json');
// --forceExit: a library connection left open must not keep CI waiting after the last test.
const status = run('npx', [
  'jest',
  '--json',
  `--outputFile=${resultsFile}`,
  '--forceExit',
  ...passThrough,
]);

try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const brokenSuites = results.testResults.filter(
    (suite) => suite.status === 'failed' && suite.assertionResults.length === 0,
  ).length;
  const failed = results.numFailedTests + brokenSuites;
  const skipped = results.numPendingTests + results.numTodoTests;
  console.log(`\n${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
} catch {
  console.log('\n0 passed, 1 failed');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(status);
