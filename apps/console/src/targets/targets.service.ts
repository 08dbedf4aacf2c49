import { EventEmitter } from 'node:events';

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { z } from 'zod';

import { sealFor } from '@rampart/agent-seal';
import {
  schedulerCredentialPurpose,
  type TargetConnection,
  targetPasswordPurpose,
} from '@rampart/contracts';

import { AgentsService } from '../agents/agents.service';
import { type Actor, AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/domain-error';
import { SecretBox } from '../common/secret-box';
import { RunEntity } from '../runs/run.entity';
import { StrategyEntity } from '../strategies/strategy.entity';
import { TargetEntity } from './target.entity';

const oracleName = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_$#]{0,29}$/, {
    message: 'must be an Oracle name: a letter, then letters, digits, _, $ or #',
  });
const hostPath = z
  .string()
  .trim()
  .min(1)
  .max(512)
  .refine((p) => /^(\/|[A-Za-z]:\\)/.test(p) && !/['"`\u0000-\u001f;&|<>$]/.test(p), {
    message: 'must be an absolute path without quotes or shell characters',
  });

/** Text stored as is: control characters (NUL above all) are refused, not stored. */
function noControl(schema: z.ZodString) {
  return schema.refine((s) => !/[\u0000-\u001f\u007f]/.test(s), {
    message: 'must not contain control characters',
  });
}

export const targetInputSchema = z
  .object({
    name: oracleName,
    agentId: z.uuid({ message: 'must be the id of an enrolled agent' }),
    oracleHome: hostPath.nullable().default(null),
    oracleSid: oracleName.nullable().default(null),
    auth: z.enum(['os', 'password']).default('os'),
    connectString: noControl(z.string().trim().max(512)).nullable().default(null),
    username: noControl(z.string().trim().max(128)).nullable().default(null),
    password: z.string().min(1).max(1024).optional(),
    /**
     * The OS account Oracle Scheduler runs the agent's trigger as: null runs without one,
     * absent keeps the stored one (a client that does not know the setting loses nothing).
     */
    schedulerOsUser: z
      .string()
      .trim()
      .regex(/^(?:[A-Za-z0-9][A-Za-z0-9_.-]{0,62}\\)?[A-Za-z_][A-Za-z0-9_.$-]{0,63}$/, {
        message: 'must be an OS account name (oracle), or DOMAIN\\user on Windows',
      })
      .nullable()
      .optional(),
    schedulerOsPassword: z
      .string()
      .min(1)
      .max(128)
      .refine((p) => !/[\u0000-\u001f\u007f]/.test(p), {
        message: 'must not contain control characters',
      })
      .optional(),
  })
  .superRefine((t, ctx) => {
    if (t.auth === 'password' && (!t.connectString || !t.username)) {
      ctx.addIssue({
        code: 'custom',
        path: ['connectString'],
        message: 'connectString and username are needed for password authentication',
      });
    }
  });
export type TargetInput = z.infer<typeof targetInputSchema>;

/**
 * A new or changed Scheduler OS account needs its password, and so does a target moved to
 * another agent: a stored password is never handed to an agent it was not given for.
 */
function requireOsPassword(
  user: string | null,
  storedUser: string | null,
  password: string | undefined,
  storedPassword: string | null,
  movesAgent = false,
): void {
  const keeps = user === storedUser && storedPassword !== null && !movesAgent;
  if (!user || password !== undefined || keeps) return;

  throw new DomainError(
    'validation',
    'schedulerOsPassword is needed for the Scheduler OS account',
    [{ field: 'schedulerOsPassword', message: 'is needed for a new or changed schedulerOsUser' }],
  );
}

export interface TargetView {
  id: string;
  name: string;
  agentId: string;
  agentOnline: boolean;
  oracleHome: string | null;
  oracleSid: string | null;
  auth: 'os' | 'password';
  connectString: string | null;
  username: string | null;
  hasPassword: boolean;
  schedulerOsUser: string | null;
  hasSchedulerOsPassword: boolean;
  logMode: 'ARCHIVELOG' | 'NOARCHIVELOG' | null;
  logModeCheckedAt: string | null;
  lastGoodBackupAt: string | null;
}

@Injectable()
export class TargetsService {
  private readonly changes = new EventEmitter();

  constructor(
    @InjectRepository(TargetEntity) private readonly targets: Repository<TargetEntity>,
    @InjectRepository(RunEntity) private readonly runs: Repository<RunEntity>,
    @InjectRepository(StrategyEntity) private readonly strategies: Repository<StrategyEntity>,
    private readonly agents: AgentsService,
    private readonly secrets: SecretBox,
    private readonly audit: AuditService,
  ) {}

  /** Called after a target's settings are saved (its Scheduler jobs may need re-registering). */
  onSettingsChanged(listener: (targetId: string) => void): () => void {
    this.changes.on('changed', listener);
    return () => this.changes.off('changed', listener);
  }

  async list(): Promise<TargetView[]> {
    const targets = await this.targets.find({ order: { name: 'ASC' } });
    return Promise.all(targets.map((t) => this.view(t)));
  }

  async get(id: string): Promise<TargetEntity> {
    const target = await this.targets.findOneBy({ id });
    if (!target) throw notFound('target', id);
    return target;
  }

  /** The agent's targets whose log mode no connection test has read yet. */
  async neverChecked(agentId: string): Promise<TargetEntity[]> {
    return this.targets.findBy({ agentId, logModeCheckedAt: IsNull() });
  }

  async findByName(name: string): Promise<TargetEntity | null> {
    return this.targets.findOneBy({ name: name.toUpperCase() });
  }

  async create(input: TargetInput, actor: Actor): Promise<TargetView> {
    if (!(await this.agents.get(input.agentId))) {
      throw new DomainError('validation', `agentId ${input.agentId} is not an enrolled agent`, [
        { field: 'agentId', message: 'is not an enrolled agent' },
      ]);
    }
    if (await this.findByName(input.name)) {
      throw new DomainError('conflict', `a target named ${input.name.toUpperCase()} exists`);
    }

    const { password, schedulerOsPassword, ...settings } = input;
    requireOsPassword(settings.schedulerOsUser ?? null, null, schedulerOsPassword, null);
    const target = await this.targets.save(
      this.targets.create({ ...settings, name: input.name.toUpperCase(), passwordEnc: null }),
    );
    if (password || schedulerOsPassword) {
      target.passwordEnc = password ? this.secrets.seal(password, `target:${target.id}`) : null;
      target.schedulerOsPasswordEnc = this.osPasswordFor(target, schedulerOsPassword);
      await this.targets.save(target);
    }

    await this.audit.record(actor, 'create', 'target', target.id, { name: target.name });
    return this.view(target);
  }

  /**
   * Replaces the connection settings. A password given is sealed again under `target:<id>`;
   * none given keeps the stored one; OS authentication drops it.
   */
  async update(id: string, input: TargetInput, actor: Actor): Promise<TargetView> {
    const target = await this.get(id);
    await this.ensureAgent(input.agentId);
    await this.ensureRenameAllowed(target, input.name.toUpperCase());

    const { password, schedulerOsPassword, ...given } = input;
    const settings = { ...given, schedulerOsUser: given.schedulerOsUser ?? null };
    if (given.schedulerOsUser === undefined) settings.schedulerOsUser = target.schedulerOsUser;
    const movesAgent = target.agentId !== settings.agentId;
    requireOsPassword(
      settings.schedulerOsUser,
      target.schedulerOsUser,
      schedulerOsPassword,
      target.schedulerOsPasswordEnc,
      movesAgent,
    );
    const reachesElsewhere =
      movesAgent ||
      target.connectString !== settings.connectString ||
      target.username !== settings.username;
    if (settings.auth === 'password' && reachesElsewhere && password === undefined) {
      throw new DomainError(
        'validation',
        'password must be entered again when the agent, connect string or user changes',
        [
          {
            field: 'password',
            message: 'must be entered again for the new agent, connect string or user',
          },
        ],
      );
    }

    Object.assign(target, settings, { name: input.name.toUpperCase() });
    target.passwordEnc = this.passwordFor(target, password);
    target.schedulerOsPasswordEnc = this.osPasswordFor(target, schedulerOsPassword);
    if (target.auth === 'password' && !target.passwordEnc) {
      throw new DomainError('validation', 'password is needed for password authentication', [
        { field: 'password', message: 'is needed for password authentication' },
      ]);
    }
    await this.targets.save(target);

    await this.audit.record(actor, 'update', 'target', id, {
      settings,
      passwordChanged: password !== undefined,
      schedulerOsPasswordChanged: schedulerOsPassword !== undefined,
    });
    this.changes.emit('changed', id);
    return this.view(target);
  }

  private passwordFor(target: TargetEntity, password: string | undefined): string | null {
    if (target.auth === 'os') return null;
    if (password === undefined) return target.passwordEnc;
    return this.secrets.seal(password, `target:${target.id}`);
  }

  /** No OS account drops the password; a new password is sealed under `target-os:<id>`. */
  private osPasswordFor(target: TargetEntity, password: string | undefined): string | null {
    if (!target.schedulerOsUser) return null;
    if (password === undefined) return target.schedulerOsPasswordEnc;
    return this.secrets.seal(password, `target-os:${target.id}`);
  }

  /**
   * The Scheduler OS account of a target with its password sealed for the target's agent
   * alone, for a `schedule.sync` job; null when the target has none.
   */
  async sealedSchedulerCredential(
    target: TargetEntity,
  ): Promise<{ username: string; sealedPassword: string } | null> {
    if (!target.schedulerOsUser || !target.schedulerOsPasswordEnc) return null;

    const publicKey = await this.agentSealKey(target, 'the Scheduler OS password');
    const password = this.secrets.open(target.schedulerOsPasswordEnc, `target-os:${target.id}`);
    return {
      username: target.schedulerOsUser,
      sealedPassword: sealFor(publicKey, password, schedulerCredentialPurpose(target.id)),
    };
  }

  /**
   * The connection an agent job carries: for a password target, with the password sealed
   * for the target's agent alone, so Redis and the job history never hold it in the clear.
   */
  async agentConnectionOf(target: TargetEntity): Promise<TargetConnection> {
    const connection = this.connectionOf(target);
    if (target.auth !== 'password' || !target.passwordEnc) return connection;

    const publicKey = await this.agentSealKey(target, 'the database password');
    const password = this.secrets.open(target.passwordEnc, `target:${target.id}`);
    const sealedPassword = sealFor(publicKey, password, targetPasswordPurpose(target.id));
    return { ...connection, sealedPassword };
  }

  /** The sealing key pinned by the target's agent, or null before it first connected. */
  async sealKeyOf(target: TargetEntity): Promise<string | null> {
    return (await this.agents.get(target.agentId))?.sealPublicKey ?? null;
  }

  private async agentSealKey(target: TargetEntity, what: string): Promise<string> {
    const key = await this.sealKeyOf(target);
    if (key) return key;

    throw new DomainError(
      'conflict',
      `the agent of ${target.name} has not reported a sealing key: start (or upgrade) the ` +
        `agent so the console can send it ${what}`,
    );
  }

  private async ensureAgent(agentId: string): Promise<void> {
    if (await this.agents.get(agentId)) return;

    throw new DomainError('validation', `agentId ${agentId} is not an enrolled agent`, [
      { field: 'agentId', message: 'is not an enrolled agent' },
    ]);
  }

  /** Strategy documents name their target: a target in use keeps its name. */
  private async ensureRenameAllowed(target: TargetEntity, name: string): Promise<void> {
    if (name === target.name) return;
    if (await this.findByName(name)) {
      throw new DomainError('conflict', `a target named ${name} exists`, [
        { field: 'name', message: 'is taken by another target' },
      ]);
    }

    const users = await this.strategies.countBy({ targetId: target.id, deletedAt: IsNull() });
    if (users > 0) {
      throw new DomainError(
        'conflict',
        `${target.name} is used by ${users} strategies, which name it: it cannot be renamed. ` +
          'Add a new target instead, or move the strategies first.',
        [{ field: 'name', message: 'cannot change while strategies use the target' }],
      );
    }
  }

  async recordLogMode(id: string, logMode: 'ARCHIVELOG' | 'NOARCHIVELOG'): Promise<void> {
    await this.targets.update({ id }, { logMode, logModeCheckedAt: new Date() });
  }

  connectionOf(target: TargetEntity): TargetConnection {
    return {
      targetId: target.id,
      name: target.name,
      oracleHome: target.oracleHome,
      oracleSid: target.oracleSid,
      auth: target.auth,
      connectString: target.connectString,
      username: target.username,
    };
  }

  async view(target: TargetEntity): Promise<TargetView> {
    const lastGood = await this.runs.findOne({
      where: [
        { targetId: target.id, status: 'succeeded' },
        { targetId: target.id, status: 'succeeded_with_warnings' },
      ],
      order: { finishedAt: 'DESC' },
    });

    return {
      id: target.id,
      name: target.name,
      agentId: target.agentId,
      agentOnline: this.agents.isConnected(target.agentId),
      oracleHome: target.oracleHome,
      oracleSid: target.oracleSid,
      auth: target.auth,
      connectString: target.connectString,
      username: target.username,
      hasPassword: target.passwordEnc !== null,
      schedulerOsUser: target.schedulerOsUser,
      hasSchedulerOsPassword: target.schedulerOsPasswordEnc !== null,
      logMode: target.logMode,
      logModeCheckedAt: target.logModeCheckedAt?.toISOString() ?? null,
      lastGoodBackupAt: lastGood?.finishedAt?.toISOString() ?? null,
    };
  }
}
