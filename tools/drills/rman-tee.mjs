#!/usr/bin/env node
// Stands between the agent and the simulator's rman in drills: runs the real rman, passes its
// output through unchanged, and appends a copy to a file so a drill can compare what rman
// printed with what the console stored. Usage: rman-tee.mjs COPY_FILE RMAN_MAIN_JS ARGS...
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

const [copyFile, rmanMain, ...args] = process.argv.slice(2);
const child = spawn(process.execPath, [rmanMain, ...args], { stdio: ['inherit', 'pipe', 'pipe'] });

for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
  from.on('data', (chunk) => {
    appendFileSync(copyFile, chunk);
    to.write(chunk);
  });
}
process.on('SIGINT', () => child.kill('SIGINT'));
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
