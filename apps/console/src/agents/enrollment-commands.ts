import type { EnrollmentTokenView } from '@rampart/contracts';

/**
 * The commands a DBA runs on the database host to enroll, check and start an agent. Values
 * are single-quoted for the shell; a Redis password is never printed, only a variable for it.
 */
export function enrollmentCommands(
  token: string,
  consoleUrl: string,
  redisUrl: string,
): EnrollmentTokenView['commands'] {
  const agent = 'npm run -s agent --';

  return {
    enroll:
      `${agent} enroll --console ${shellQuote(consoleUrl)} --token ${shellQuote(token)} ` +
      `--redis ${redisForAgent(redisUrl)}`,
    check: `${agent} check --oracle-home "$ORACLE_HOME" --sid "$ORACLE_SID"`,
    start: `${agent} start`,
  };
}

/** `'…'` with embedded single quotes closed, escaped and reopened. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function redisForAgent(redisUrl: string): string {
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    return shellQuote(redisUrl);
  }
  if (!url.password) return shellQuote(url.toString().replace(/\/$/, ''));

  url.password = 'REDIS_PASSWORD';
  const [before, after] = url.toString().replace(/\/$/, '').split('REDIS_PASSWORD');
  return `${shellQuote(before)}"$REDIS_PASSWORD"${shellQuote(after)}`;
}
