import { hostname } from 'node:os';

import { Command } from 'commander';

import { AgentLogger } from './agent-logger';
import { consoleUrlOf, runCheck } from './cli/check-command';
import {
  calendarNextCommand,
  type CommandResult,
  parseLogCommand,
  renderCommand,
} from './cli/offline-commands';
import {
  AgentConfigError,
  configPath,
  loadAgentConfig,
  writeAgentConfig,
} from './config/agent-config';
import { AGENT_VERSION, startDaemon } from './daemon';
import { triggerCommand } from './scheduling/trigger-command';

function emit(result: CommandResult): void {
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}

const program = new Command('rampart-agent')
  .description('Runs Rampart backup strategies on this Oracle host.')
  .version(AGENT_VERSION)
  .option('-c, --config <file>', 'agent configuration file');

program
  .command('start')
  .description('run the agent daemon')
  .action(async () => {
    const config = loadAgentConfig(configPath(program.opts<{ config?: string }>().config));
    const agent = await startDaemon(config, new AgentLogger());
    const stop = () => void agent.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });

program
  .command('enroll')
  .description('exchange a one-time enrollment token for this agent identity')
  .requiredOption('--console <url>', 'console URL, e.g. https://rampart.example.com')
  .requiredOption('--token <token>', 'enrollment token created in the console')
  .requiredOption('--redis <url>', 'Redis URL of the console job queues')
  .option('--queue-prefix <prefix>', 'queue prefix of the console', 'rampart')
  .action(
    async (options: { console: string; token: string; redis: string; queuePrefix: string }) => {
      const path = configPath(program.opts<{ config?: string }>().config);
      const response = await fetch(`${options.console.replace(/\/$/, '')}/api/v1/agents/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token: options.token,
          hostname: hostname(),
          platform: process.platform,
          version: AGENT_VERSION,
        }),
      });
      if (!response.ok) {
        throw new AgentConfigError(
          `enrollment refused (${response.status}): ${await response.text()}`,
        );
      }

      const identity = (await response.json()) as { agentId: string; secret: string };
      writeAgentConfig(path, {
        consoleUrl: options.console,
        agentId: identity.agentId,
        secret: identity.secret,
        redisUrl: options.redis,
        queuePrefix: options.queuePrefix,
        concurrency: 2,
        cancelGraceSeconds: 30,
        heartbeatSeconds: 10,
      });
      console.log(`enrolled as agent ${identity.agentId}; configuration written to ${path}`);
    },
  );

program
  .command('trigger')
  .description('hand a run to the daemon (what Oracle Scheduler runs when a job fires)')
  .requiredOption('--strategy <id>', 'strategy id')
  .option('--planned <iso>', 'planned time of the fire (default: the calendar slot nearest now)')
  .action(async (options: { strategy: string; planned?: string }) => {
    const config = loadAgentConfig(configPath(program.opts<{ config?: string }>().config));
    emit(await triggerCommand(config, options.strategy, options.planned));
  });

program
  .command('check')
  .description(
    'diagnose this host: ORACLE_HOME, binaries, connection, log mode, recovery area, ' +
      'clock skew with the console, config file permissions',
  )
  .option('--oracle-home <dir>', 'ORACLE_HOME to check', process.env['ORACLE_HOME'])
  .option('--sid <sid>', 'ORACLE_SID to check', process.env['ORACLE_SID'])
  .action(async (options: { oracleHome?: string; sid?: string }) => {
    const configFile = configPath(program.opts<{ config?: string }>().config);
    emit(
      await runCheck({
        oracleHome: options.oracleHome,
        sid: options.sid ?? null,
        configFile,
        consoleUrl: consoleUrlOf(configFile),
      }),
    );
  });

program
  .command('render <strategy>')
  .description('print the RMAN command file or Data Pump parfile of a strategy file')
  .action((file: string) => emit(renderCommand(file)));

program
  .command('parse-log')
  .description('print the verdict of an RMAN or Data Pump log')
  .requiredOption('--kind <kind>', 'rman or expdp')
  .option('--json', 'print the verdict as JSON', false)
  .argument('<file>')
  .action((file: string, options: { kind: string; json: boolean }) =>
    emit(parseLogCommand(options.kind, file, options.json)),
  );

program
  .command('calendar')
  .description('Oracle calendaring tools')
  .command('next <expression>')
  .description('the next run times of a calendaring expression')
  .requiredOption('--start <iso>', 'local start date and time, e.g. 2024-03-08T00:00:00')
  .requiredOption('--tz <zone>', 'IANA time zone or fixed offset such as -04:00')
  .option('--count <n>', 'how many run times', '5')
  .option('--json', 'print a JSON array', false)
  .action(
    (expression: string, options: { start: string; tz: string; count: string; json: boolean }) =>
      emit(calendarNextCommand(expression, options)),
  );

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof AgentConfigError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exitCode = 1;
});
