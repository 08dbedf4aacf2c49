import 'reflect-metadata';

import { redisAclCommand } from './cli/redis-acl.command';
import { ConfigError, loadConsoleConfig } from './config/console-config';
import { createConsoleApp, migrate } from './console-app';
import { seedDemo } from './demo/seed-demo';

const USAGE = [
  'usage: rampart-console serve',
  '       rampart-console migrate',
  '       rampart-console seed-demo --agent-config FILE --oracle-home DIR --sid SID',
  '       rampart-console redis-acl --agent ID [--format setuser|aclfile]',
].join('\n');

async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  const config = loadConsoleConfig();

  switch (command) {
    case 'migrate': {
      const applied = await migrate(config);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
      return;
    }
    case 'redis-acl':
      redisAclCommand(config, rest);
      return;
    case 'seed-demo':
      await migrate(config);
      await seedDemo(config, rest);
      return;
    case 'serve': {
      await migrate(config);
      const app = await createConsoleApp(config);
      await app.listen(config.port, config.host);
      console.log(`Rampart console listening on ${config.publicUrl}`);
      return;
    }
    default:
      throw new ConfigError(USAGE);
  }
}

main(process.argv.slice(2)).then(
  () => {
    // One-shot commands end here, whatever connection a library keeps open.
    if (process.argv[2] === 'migrate' || process.argv[2] === 'seed-demo') process.exit(0);
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
    } else if (isConnectionRefused(error)) {
      console.error(`cannot reach a service: ${String((error as Error).message)}`);
      console.error('Start PostgreSQL and Redis, or set DATABASE_URL and REDIS_URL (see README).');
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);

function isConnectionRefused(error: unknown): boolean {
  return error instanceof Error && /ECONNREFUSED|ENOTFOUND/.test(error.message);
}
