import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, QueryFailedError, Repository } from 'typeorm';

import {
  describeSchedule,
  type Role,
  type RunState,
  type StrategyChange,
  type StrategyDiffView,
  type StrategyDocument,
  type StrategyFindingView,
  type StrategyPreview,
  type StrategyVersionView,
} from '@rampart/contracts';
import { type Finding, StrategyRefused } from '@rampart/rman';

import { type Actor, AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/domain-error';
import { RunEntity } from '../runs/run.entity';
import type { TargetEntity } from '../targets/target.entity';
import { TargetInspectionEntity } from '../targets/target-inspection.entity';
import { TargetsService } from '../targets/targets.service';
import { diffDocuments, diffLines } from './strategy-diff';
import { parseStrategyDocument } from './strategy-document';
import { StrategyEvents } from './strategy-events';
import { type PreviewContext, previewStrategy, saveFindings } from './strategy-preview';
import { StrategyVersionsRepository } from './strategy-versions.repository';
import { StrategyEntity } from './strategy.entity';

export interface StrategyView {
  id: string;
  name: string;
  targetId: string;
  targetName: string;
  type: string;
  priority: string;
  enabled: boolean;
  scheduleSummary: string | null;
  version: number;
  lastRun: { id: string; status: RunState; finishedAt: string | null } | null;
  document: StrategyDocument;
}

/** A saved strategy and what the checks warned about (the DBA saw and accepted them). */
export interface SavedStrategyView extends StrategyView {
  warnings: StrategyFindingView[];
}

/** Who saves: a signed-in user carries a role; the console's own setup acts without one. */
export type StrategyActor = Actor & { role?: Role };

export interface SaveOptions {
  /** The DBA read the log-mode problem and saves anyway (e.g. before switching ARCHIVELOG). */
  acknowledgeWarnings?: boolean;
}

/** Errors a DBA may accept at save time: the target can be switched to ARCHIVELOG later. */
const ACKNOWLEDGEABLE = new Set([
  'NOARCHIVELOG_ONLINE_BACKUP',
  'PLUS_ARCHIVELOG_IN_NOARCHIVELOG',
  'ARCHIVELOG_BACKUP_IN_NOARCHIVELOG',
]);

/**
 * The strategies of the catalog: create, edit (a new version each time, history kept), clone,
 * enable, disable, soft delete, import, export and preview. Schedule-relevant changes are
 * announced on `StrategyEvents` for the scheduler.
 */
@Injectable()
export class StrategiesService {
  constructor(
    @InjectRepository(StrategyEntity) private readonly strategies: Repository<StrategyEntity>,
    @InjectRepository(RunEntity) private readonly runs: Repository<RunEntity>,
    private readonly versions: StrategyVersionsRepository,
    private readonly targets: TargetsService,
    private readonly audit: AuditService,
    private readonly events: StrategyEvents,
    @InjectRepository(TargetInspectionEntity)
    private readonly inspections: Repository<TargetInspectionEntity>,
  ) {}

  async list(): Promise<StrategyView[]> {
    const rows = await this.strategies.find({
      where: { deletedAt: IsNull() },
      order: { name: 'ASC' },
    });
    return Promise.all(rows.map((s) => this.view(s)));
  }

  async get(id: string): Promise<StrategyEntity> {
    const strategy = await this.strategies.findOneBy({ id, deletedAt: IsNull() });
    if (!strategy) throw notFound('strategy', id);
    return strategy;
  }

  create(input: unknown, actor: StrategyActor, options: SaveOptions = {}) {
    return this.insert(input, 'create', actor, options);
  }

  /** The document a DBA keeps in version control; validated exactly as `create`. */
  importDocument(input: unknown, actor: StrategyActor, options: SaveOptions = {}) {
    return this.insert(input, 'import', actor, options);
  }

  async update(
    id: string,
    input: unknown,
    actor: StrategyActor,
    options: SaveOptions = {},
  ): Promise<SavedStrategyView> {
    const document = parseStrategyDocument(input);
    const current = await this.get(id);
    ensureMayEditCustom(current.document, actor);
    const { target, warnings } = await this.assess(document, actor, options);
    await this.ensureNameFree(document.name, id);

    const saved = await this.mutate(id, 'update', actor, (s) => {
      s.name = document.name;
      s.targetId = target.id;
      s.type = document.type;
      s.priority = document.priority;
      s.enabled = document.schedule?.enabled ?? s.enabled;
      s.document = { ...document, target: target.name };
    });

    await this.audit.record(actor, 'update', 'strategy', id, {
      version: saved.version,
      changes: diffDocuments(current.document, saved.document),
      ...(warnings.length ? { acknowledged: warnings.map((w) => w.code) } : {}),
    });
    return { ...(await this.view(saved)), warnings };
  }

  async clone(id: string, name: string, actor: StrategyActor): Promise<SavedStrategyView> {
    const source = await this.get(id);
    const schedule = source.document.schedule
      ? { ...source.document.schedule, enabled: false }
      : null;

    // A clone starts disabled: two copies of one schedule would back the database up twice.
    const document = { ...source.document, name, schedule };
    return this.insert(document, 'clone', actor, { acknowledgeWarnings: true }, id);
  }

  async setEnabled(id: string, enabled: boolean, actor: Actor): Promise<StrategyView> {
    const saved = await this.mutate(id, enabled ? 'enable' : 'disable', actor, (s) => {
      s.enabled = enabled;
      if (s.document.schedule) {
        s.document = { ...s.document, schedule: { ...s.document.schedule, enabled } };
      }
    });

    await this.audit.record(actor, enabled ? 'enable' : 'disable', 'strategy', id, {
      version: saved.version,
    });
    return this.view(saved);
  }

  /** Soft delete: the strategy leaves the catalog, its history and runs stay. */
  async remove(id: string, actor: StrategyActor): Promise<void> {
    const current = await this.get(id);
    ensureMayEditCustom(current.document, actor);

    const saved = await this.mutate(id, 'delete', actor, (s) => {
      s.enabled = false;
      s.deletedAt = new Date();
    });
    await this.audit.record(actor, 'delete', 'strategy', id, {
      name: saved.name,
      version: saved.version,
    });
  }

  async history(id: string): Promise<StrategyVersionView[]> {
    const exists = await this.strategies.existsBy({ id });
    if (!exists) throw notFound('strategy', id);
    return this.versions.list(id);
  }

  async diff(id: string, from: number, to: number): Promise<StrategyDiffView> {
    const rows = await this.versions.pick(id, [from, to]);
    const before = rows.find((r) => r.version === from);
    const after = rows.find((r) => r.version === to);
    if (!before) throw versionMissing(id, 'from', from);
    if (!after) throw versionMissing(id, 'to', to);

    const scripts = [before, after].map((r) => r.document.custom?.script ?? '');
    return {
      from,
      to,
      changes: diffDocuments(before.document, after.document),
      scriptDiff: diffLines(scripts[0], scripts[1]),
    };
  }

  async exportDocument(id: string): Promise<StrategyDocument> {
    return (await this.get(id)).document;
  }

  async preview(input: unknown, actor: StrategyActor): Promise<StrategyPreview> {
    const document = parseStrategyDocument(input);
    ensureMayEditCustom(document, actor);
    const target = await this.targetOf(document);

    const existing = await this.strategies.findOneBy({ name: document.name, deletedAt: IsNull() });
    try {
      const context = await this.contextOf(target, actor, existing?.id ?? null);
      return previewStrategy(document, context);
    } catch (error) {
      if (error instanceof StrategyRefused) throw refused(error.findings);
      throw error;
    }
  }

  async view(strategy: StrategyEntity): Promise<StrategyView> {
    const [target, lastRun] = await Promise.all([
      this.targets.get(strategy.targetId),
      this.runs.findOne({ where: { strategyId: strategy.id }, order: { queuedAt: 'DESC' } }),
    ]);

    return {
      id: strategy.id,
      name: strategy.name,
      targetId: strategy.targetId,
      targetName: target.name,
      type: strategy.type,
      priority: strategy.priority,
      enabled: strategy.enabled,
      scheduleSummary: strategy.document.schedule
        ? describeSchedule(strategy.document.schedule.spec)
        : null,
      version: strategy.version,
      lastRun: lastRun
        ? {
            id: lastRun.id,
            status: lastRun.status,
            finishedAt: lastRun.finishedAt?.toISOString() ?? null,
          }
        : null,
      document: strategy.document,
    };
  }

  private async insert(
    input: unknown,
    change: StrategyChange,
    actor: StrategyActor,
    options: SaveOptions,
    clonedFrom?: string,
  ): Promise<SavedStrategyView> {
    const document = parseStrategyDocument(input);
    ensureMayEditCustom(document, actor);
    const { target, warnings } = await this.assess(document, actor, options);
    await this.ensureNameFree(document.name);

    const strategy = await this.transaction(async (m) => {
      const saved = await m.save(
        m.create(StrategyEntity, {
          name: document.name,
          targetId: target.id,
          type: document.type,
          priority: document.priority,
          enabled: document.schedule?.enabled ?? true,
          document: { ...document, target: target.name },
        }),
      );
      await this.versions.record(saved, change, actor, m);
      return saved;
    });

    await this.audit.record(actor, change, 'strategy', strategy.id, {
      document: strategy.document,
      ...(clonedFrom ? { clonedFrom } : {}),
      ...(warnings.length ? { acknowledged: warnings.map((w) => w.code) } : {}),
    });
    this.announce(strategy, change, null);
    return { ...(await this.view(strategy)), warnings };
  }

  /** Applies a change under a row lock, bumps the version and records it in the history. */
  private async mutate(
    id: string,
    change: StrategyChange,
    actor: Actor,
    apply: (strategy: StrategyEntity) => void,
  ): Promise<StrategyEntity> {
    let before: StrategyDocument | null = null;

    const saved = await this.transaction(async (m) => {
      const strategy = await m.findOne(StrategyEntity, {
        where: { id, deletedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!strategy) throw notFound('strategy', id);

      before = strategy.document;
      apply(strategy);
      strategy.version += 1;
      const stored = await m.save(strategy);
      await this.versions.record(stored, change, actor, m);
      return stored;
    });

    this.announce(saved, change, before);
    return saved;
  }

  /** Target, admin rule and checks a save must pass; returns the warnings to show. */
  private async assess(
    document: StrategyDocument,
    actor: StrategyActor,
    options: SaveOptions,
  ): Promise<{ target: TargetEntity; warnings: StrategyFindingView[] }> {
    const target = await this.targetOf(document);
    const findings = saveFindings(document, await this.contextOf(target, actor, null));

    const fatal = findings.filter((f) => f.severity === 'error' && !ACKNOWLEDGEABLE.has(f.code));
    if (fatal.length) throw refused(fatal);

    const logMode = findings.filter((f) => ACKNOWLEDGEABLE.has(f.code));
    if (logMode.length && !options.acknowledgeWarnings) throw needsAcknowledgement(logMode);

    const shown = findings.filter((f) => f.severity === 'warning' || ACKNOWLEDGEABLE.has(f.code));
    return { target, warnings: shown.map(findingView) };
  }

  private async contextOf(
    target: TargetEntity,
    actor: StrategyActor,
    strategyId: string | null,
  ): Promise<PreviewContext> {
    const inspection = await this.inspections.findOne({
      where: { targetId: target.id },
      order: { inspectedAt: 'DESC' },
    });
    return {
      strategyId,
      logMode: target.logMode,
      schedulerOsUser: target.schedulerOsUser,
      inspection: inspection?.result ?? null,
      isAdmin: actor.role === 'admin',
      now: new Date(),
    };
  }

  private async targetOf(document: StrategyDocument): Promise<TargetEntity> {
    const target = await this.targets.findByName(document.target);
    if (target) return target;

    throw new DomainError('validation', `target ${document.target} is not known`, [
      { field: 'target', message: 'is not a known target: add the target first' },
    ]);
  }

  private announce(s: StrategyEntity, change: StrategyChange, before: StrategyDocument | null) {
    this.events.emitScheduleChanged({
      strategyId: s.id,
      change,
      version: s.version,
      enabled: s.enabled,
      live: s.deletedAt === null,
      scheduleChanged: JSON.stringify(before?.schedule) !== JSON.stringify(s.document.schedule),
    });
  }

  private async ensureNameFree(name: string, exceptId?: string): Promise<void> {
    const query = this.strategies
      .createQueryBuilder('s')
      .where('lower(s.name) = lower(:name) AND s.deleted_at IS NULL', { name });
    if (exceptId) query.andWhere('s.id <> :exceptId', { exceptId });

    if (await query.getCount()) throw nameTaken(name);
  }

  /** Runs `work` in a transaction; a unique-name race becomes a 409, not a 500. */
  private async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.strategies.manager.transaction(work);
    } catch (error) {
      if (error instanceof QueryFailedError && uniqueViolation(error)) {
        throw new DomainError('conflict', 'a strategy with this name exists already', [
          { field: 'name', message: 'is taken by another strategy' },
        ]);
      }
      throw error;
    }
  }
}

function ensureMayEditCustom(document: StrategyDocument, actor: StrategyActor): void {
  if (document.type !== 'custom' || actor.role === 'admin') return;

  throw new DomainError(
    'forbidden',
    'a custom script runs verbatim on the database host: only an admin may write or change one',
    [{ field: 'type', message: 'custom needs the admin role' }],
  );
}

function findingView(f: Finding): StrategyFindingView {
  return { severity: f.severity, code: f.code, field: f.field, message: f.message };
}

function refused(findings: Finding[]): DomainError {
  const errors = findings.filter((f) => f.severity === 'error');
  const summary = errors.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new DomainError('refused', `strategy refused: ${summary}`, findings.map(findingView));
}

function needsAcknowledgement(findings: Finding[]): DomainError {
  const summary = findings.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new DomainError(
    'conflict',
    `${summary} To save it anyway (for example before switching the target to ARCHIVELOG), ` +
      'send the request again with ?acknowledgeWarnings=true.',
    findings.map(findingView),
  );
}

function nameTaken(name: string): DomainError {
  return new DomainError('conflict', `a strategy named "${name}" exists already`, [
    { field: 'name', message: 'is taken by another strategy' },
  ]);
}

function versionMissing(id: string, field: string, version: number): DomainError {
  return new DomainError('not_found', `strategy ${id} has no version ${version}`, [
    { field, message: `version ${version} does not exist` },
  ]);
}

function uniqueViolation(error: QueryFailedError): boolean {
  return (error.driverError as { code?: string } | undefined)?.code === '23505';
}
