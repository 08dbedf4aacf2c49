import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import {
  archivelogEnableResultSchema,
  type ArchivelogStatusView,
  connectionTestResultSchema,
  type ConnectionTestResult,
  JOB_NAMES,
  type TargetCatalogView,
  targetInspectionSchema,
} from '@rampart/contracts';

import { AgentsService } from '../agents/agents.service';
import type { Actor } from '../audit/audit.service';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { AgentJobClient } from './agent-job-client';
import type { TargetEntity } from './target.entity';
import { TargetInspectionEntity } from './target-inspection.entity';
import { TargetsService } from './targets.service';

/** How long each request waits for the agent's answer, in milliseconds. */
export const AGENT_REPLY_TIMEOUTS = {
  connectionTest: 30_000,
  inspect: 60_000,
  /** Shutdown, mount, ALTER DATABASE ARCHIVELOG, open: minutes on a busy database. */
  archivelogEnable: 600_000,
};

/**
 * What the console asks a target's agent to do for the DBA: test the connection, inspect the
 * database (cached), and switch it to ARCHIVELOG mode when an admin confirms.
 */
/** Work the console starts by itself, in the audit trail under this name. */
const CONSOLE_ACTOR = { id: null, username: 'console' };

@Injectable()
export class TargetOperationsService implements OnModuleInit {
  private readonly logger = new Logger(TargetOperationsService.name);
  /** Per-instance copy, so a test can shorten the waits without touching the defaults. */
  readonly timeouts = { ...AGENT_REPLY_TIMEOUTS };

  constructor(
    @InjectRepository(TargetInspectionEntity)
    private readonly inspections: Repository<TargetInspectionEntity>,
    private readonly targets: TargetsService,
    private readonly agent: AgentJobClient,
    private readonly audit: AuditService,
    private readonly agents: AgentsService,
  ) {}

  onModuleInit(): void {
    this.agents.onConnected((agentId) => void this.testNewTargets(agentId));
  }

  /**
   * An agent came online: its targets whose log mode was never read get a connection test,
   * so the overview says ARCHIVELOG or not before anyone presses a button.
   */
  async testNewTargets(agentId: string): Promise<void> {
    for (const target of await this.targets.neverChecked(agentId)) {
      await this.testConnection(target.id, CONSOLE_ACTOR).catch((error: unknown) =>
        this.logger.warn({
          msg: 'first connection test failed',
          target: target.name,
          error: String(error),
        }),
      );
    }
  }

  async testConnection(id: string, actor: Actor): Promise<ConnectionTestResult> {
    const target = await this.targets.get(id);

    const result = await this.agent.request({
      agentId: target.agentId,
      name: JOB_NAMES.connectionTest,
      data: { target: await this.targets.agentConnectionOf(target) },
      result: connectionTestResultSchema,
      timeoutMs: this.timeouts.connectionTest,
      target: target.name,
    });

    if (result.logMode) await this.targets.recordLogMode(id, result.logMode);
    this.logger.log({ msg: 'connection tested', target: target.name, ok: result.ok });
    await this.audit.record(actor, 'test-connection', 'target', id, { ok: result.ok });
    return result;
  }

  async archivelogStatus(id: string): Promise<ArchivelogStatusView> {
    const target = await this.targets.get(id);

    return {
      targetId: target.id,
      targetName: target.name,
      logMode: target.logMode,
      checkedAt: target.logModeCheckedAt?.toISOString() ?? null,
      warning: logModeWarning(target),
    };
  }

  async enableArchivelog(id: string, confirm: string, actor: Actor) {
    const target = await this.targets.get(id);
    ensureConfirmed(target, confirm);
    if (target.logMode === 'ARCHIVELOG') {
      throw new DomainError('conflict', `${target.name} is in ARCHIVELOG mode already`);
    }
    if (target.auth === 'password') {
      throw new DomainError(
        'conflict',
        `${target.name} uses password authentication: the switch restarts the database, which ` +
          'needs OS authentication on its host. Set the target to OS authentication first.',
      );
    }

    const connection = this.targets.connectionOf(target);
    const result = await this.agent
      .request({
        agentId: target.agentId,
        name: JOB_NAMES.archivelogEnable,
        data: { target: connection, confirmed: true, requestedBy: actor.username },
        result: archivelogEnableResultSchema,
        timeoutMs: this.timeouts.archivelogEnable,
        target: target.name,
      })
      .catch(async (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        await this.audit.record(actor, 'archivelog.enable', 'target', id, { ok: false, reason });
        throw error;
      });

    await this.targets.recordLogMode(id, result.after);
    await this.audit.record(actor, 'archivelog.enable', 'target', id, { ok: true, ...result });
    return result;
  }

  /** The stored inspection, or a new one when none is stored or `refresh` asks for it. */
  async catalog(id: string, refresh: boolean, actor: Actor): Promise<TargetCatalogView> {
    const target = await this.targets.get(id);
    const stored = refresh ? null : await this.latestInspection(id);
    if (stored) return { ...stored.result, targetId: id, cached: true };

    const fresh = await this.inspect(target, actor);
    return { ...fresh.result, targetId: id, cached: false };
  }

  private latestInspection(targetId: string): Promise<TargetInspectionEntity | null> {
    return this.inspections.findOne({ where: { targetId }, order: { inspectedAt: 'DESC' } });
  }

  private async inspect(target: TargetEntity, actor: Actor): Promise<TargetInspectionEntity> {
    const result = await this.agent.request({
      agentId: target.agentId,
      name: JOB_NAMES.targetInspect,
      data: { target: await this.targets.agentConnectionOf(target) },
      result: targetInspectionSchema,
      timeoutMs: this.timeouts.inspect,
      target: target.name,
    });

    const inspectedAt = new Date(result.inspectedAt);
    const row = await this.inspections.save(
      this.inspections.create({
        targetId: target.id,
        inspectedAt: Number.isNaN(inspectedAt.getTime()) ? new Date() : inspectedAt,
        requestedBy: actor.username,
        result,
      }),
    );
    await this.targets.recordLogMode(target.id, result.logMode);
    return row;
  }
}

function ensureConfirmed(target: TargetEntity, confirm: string): void {
  if (confirm === target.name) return;

  throw new DomainError('validation', `confirm must be the target's name, ${target.name}`, [
    {
      field: 'confirm',
      message: `must be the target's name, ${target.name}, typed exactly: the database restarts`,
    },
  ]);
}

function logModeWarning(target: TargetEntity): string | null {
  if (target.logMode === 'ARCHIVELOG') return null;
  if (target.logMode === null) {
    return (
      `the log mode of ${target.name} is not known yet: test the connection or refresh the ` +
      'catalog. Online backups need ARCHIVELOG mode.'
    );
  }

  return (
    `${target.name} runs in NOARCHIVELOG mode: RMAN cannot back it up while it is open, and ` +
    'a media failure loses every change since the last backup. Switch it to ARCHIVELOG mode ' +
    '(an admin, ARCHIVELOG › Enable; the database restarts), then take a level 0 backup.'
  );
}
