import * as fs from 'node:fs';
import * as path from 'node:path';

/** The built entry point of each Oracle tool, relative to dist/. */
const TOOLS: Record<string, string> = {
  rman: 'rman/rman-main.js',
  sqlplus: 'sqlplus/sqlplus-main.js',
  expdp: 'expdp/expdp-main.js',
};

function distDir(): string {
  return path.resolve(__dirname, '..');
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function writeExecutable(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o755 });
  fs.chmodSync(file, 0o755);
}

/** Writes ORACLE_HOME/bin/{rman,sqlplus,expdp}: wrappers that exec the built tools. */
export function installOracleBinaries(home: string): void {
  const bin = path.join(home, 'bin');
  fs.mkdirSync(bin, { recursive: true });

  for (const [tool, entry] of Object.entries(TOOLS)) {
    const script = path.join(distDir(), entry);
    writeExecutable(
      path.join(bin, tool),
      `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(script)} "$@"\n`,
    );
    writeExecutable(path.join(bin, `${tool}.cmd`), `@"${process.execPath}" "${script}" %*\r\n`);
  }
}
