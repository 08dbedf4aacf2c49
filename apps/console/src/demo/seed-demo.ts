import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { NestFactory } from '@nestjs/core';
import { getRepositoryToken } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';

import type { StrategyDocumentInput } from '@rampart/contracts';

import { AgentsService } from '../agents/agents.service';
import { AppModule } from '../app.module';
import type { ConsoleConfig } from '../config/console-config';
import { NotificationRuleEntity, SmtpSettingsEntity } from '../notifications/notification.entity';
import { StrategiesService } from '../strategies/strategies.service';
import { TargetsService } from '../targets/targets.service';

const SYSTEM = { id: null, username: 'demo-setup' };

export const DEMO_STRATEGY: StrategyDocumentInput = {
  name: 'DEMO nightly full',
  description: 'Full backup of the demo database with its archived logs, every night.',
  target: 'DEMO',
  type: 'full',
  priority: 'high',
  schedule: {
    enabled: true,
    spec: { kind: 'daily', time: '01:00', timezone: 'UTC' },
    clock: 'console',
    latePolicy: 'run-once',
    graceMinutes: 15,
  },
  notify: {
    on: ['failed', 'interrupted', 'missed', 'succeeded_with_warnings', 'succeeded'],
    recipients: ['dba@demo.invalid'],
  },
  options: {
    destination: { kind: 'recovery-area' },
    channels: 2,
    compression: 'basic',
    tag: 'DEMO_FULL',
    archivedLogs: { include: true, deleteInput: false },
    retention: { kind: 'redundancy', copies: 2 },
    maintenance: { crosscheck: true, deleteObsolete: true },
  },
};

/**
 * Sets up the demo of `npm start`: one agent (its identity written to the agent's config
 * file), the simulated database DEMO as a target, a full-backup strategy, a rule that mails
 * every outcome, and SMTP pointing at the local mail sink. Safe to run again.
 */
export async function seedDemo(config: ConsoleConfig, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'agent-config': { type: 'string' },
      'oracle-home': { type: 'string' },
      sid: { type: 'string', default: 'DEMO' },
      'smtp-host': { type: 'string', default: '127.0.0.1' },
      'smtp-port': { type: 'string', default: '2525' },
    },
  });
  const agentConfigPath = required(values['agent-config'], '--agent-config');
  const oracleHome = required(values['oracle-home'], '--oracle-home');

  const app = await NestFactory.createApplicationContext(AppModule.forConfig(config), {
    logger: ['error', 'warn'],
  });
  try {
    const agentId = await ensureAgent(app.get(AgentsService), agentConfigPath, config);
    const targets = app.get(TargetsService);
    if (!(await targets.findByName(values.sid))) {
      await targets.create(
        {
          name: values.sid,
          agentId,
          oracleHome,
          oracleSid: values.sid,
          auth: 'os',
          connectString: null,
          username: null,
        },
        SYSTEM,
      );
    }

    const strategies = app.get(StrategiesService);
    const existing = (await strategies.list()).find((s) => s.name === DEMO_STRATEGY.name);
    const strategy = existing ?? (await strategies.create(DEMO_STRATEGY, SYSTEM));

    await ensureRule(app.get(getRepositoryToken(NotificationRuleEntity)), strategy.id);
    await ensureSmtp(app.get(getRepositoryToken(SmtpSettingsEntity)), {
      host: values['smtp-host'],
      port: Number(values['smtp-port']),
    });
    console.log(`demo ready: target ${values.sid}, strategy "${strategy.name}"`);
  } finally {
    await app.close();
  }
}

async function ensureAgent(
  agents: AgentsService,
  path: string,
  config: ConsoleConfig,
): Promise<string> {
  if (existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { agentId: string; secret: string };
    if (await agents.authenticate(saved.agentId, saved.secret)) return saved.agentId;
  }

  const identity = await agents.register('demo-host', { hostname: 'localhost' });
  mkdirSync(dirname(path), { recursive: true });
  const agentConfig = {
    consoleUrl: config.publicUrl,
    agentId: identity.agentId,
    secret: identity.secret,
    redisUrl: config.redisUrl,
    queuePrefix: config.queuePrefix,
    // The demo's own trigger socket, so several demos on one machine never share one.
    ipcPath: join(dirname(path), 'agent.sock'),
  };
  writeFileSync(path, JSON.stringify(agentConfig, null, 2) + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
  return identity.agentId;
}

async function ensureRule(rules: Repository<NotificationRuleEntity>, strategyId: string) {
  if (await rules.findOneBy({ strategyId })) return;

  await rules.save(
    rules.create({
      name: 'Demo: every outcome',
      events: ['failed', 'interrupted', 'missed', 'succeeded_with_warnings', 'succeeded'],
      recipients: ['dba@demo.invalid'],
      strategyId,
      targetId: null,
      enabled: true,
    }),
  );
}

async function ensureSmtp(
  smtp: Repository<SmtpSettingsEntity>,
  { host, port }: { host: string; port: number },
) {
  if (await smtp.findOneBy({ id: 1 })) return;

  await smtp.save(
    smtp.create({
      id: 1,
      host,
      port,
      security: 'none',
      rejectUnauthorized: true,
      username: null,
      passwordEnc: null,
      sender: 'Rampart <rampart@demo.invalid>',
    }),
  );
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`seed-demo needs ${flag}`);
  return value;
}
