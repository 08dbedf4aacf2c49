import { randomBytes, timingSafeEqual } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';

import { isSealPublicKey } from '@rampart/agent-seal';
import type { EnrollmentTokenView } from '@rampart/contracts';

import { type Actor, AuditService } from '../audit/audit.service';
import { sha256 } from '../auth/token.service';
import { DomainError, notFound } from '../common/domain-error';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { enrollmentCommands } from './enrollment-commands';
import { AgentEntity, EnrollmentTokenEntity } from './agent.entity';

const ENROLLMENT_TOKEN_MINUTES = 60;
const SEEN_WRITE_INTERVAL_MS = 5_000;

export interface AgentIdentity {
  agentId: string;
  secret: string;
}

export interface AgentView {
  id: string;
  name: string;
  hostname: string | null;
  platform: string | null;
  version: string | null;
  lastSeenAt: string | null;
  online: boolean;
  revokedAt: string | null;
  /** False until the agent has connected once and pinned its sealing key. */
  hasSealKey: boolean;
}

export type AgentRevokedListener = (agentId: string) => void;

@Injectable()
export class AgentsService {
  private readonly logger = new Logger(AgentsService.name);
  private readonly keyMismatchReported = new Set<string>();
  /** Open sockets per agent: a reconnect overlaps its old socket for a moment. */
  private readonly connected = new Map<string, number>();
  private readonly lastSeenWrite = new Map<string, number>();
  private readonly revokedListeners = new Set<AgentRevokedListener>();
  private readonly connectedListeners = new Set<(agentId: string) => void>();

  constructor(
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    @InjectRepository(EnrollmentTokenEntity)
    private readonly enrollmentTokens: Repository<EnrollmentTokenEntity>,
    private readonly audit: AuditService,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  /** A one-time token, and the commands that enroll and start the agent with it. */
  async createEnrollmentToken(agentName: string, actor: Actor): Promise<EnrollmentTokenView> {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + ENROLLMENT_TOKEN_MINUTES * 60_000);
    await this.enrollmentTokens.insert({
      tokenHash: sha256(token),
      agentName,
      expiresAt,
      createdBy: actor.id,
    });

    await this.audit.record(actor, 'create', 'enrollment-token', null, { agentName });
    const commands = enrollmentCommands(token, this.config.publicUrl, this.config.redisUrl);
    return { token, agentName, expiresAt: expiresAt.toISOString(), commands };
  }

  /** Revokes an agent: its secret stops authenticating and its live socket is dropped. */
  async revoke(agentId: string, actor: Actor): Promise<void> {
    const agent = await this.get(agentId);
    if (!agent) throw notFound('agent', agentId);

    // TODO: the agent's Redis credentials are not the console's to revoke; per-agent Redis ACL
    // users (deploy/) must be removed by the operator as well.
    const unusable = sha256(randomBytes(32).toString('base64url'));
    await this.agents.update({ id: agentId }, { revokedAt: new Date(), secretHash: unusable });
    this.markConnected(agentId, false);
    for (const listener of this.revokedListeners) listener(agentId);

    this.logger.warn({ msg: 'agent revoked', agentId, agent: agent.name });
    await this.audit.record(actor, 'revoke', 'agent', agentId, { name: agent.name });
  }

  /** For the socket gateway: disconnect a revoked agent at once. */
  onRevoked(listener: AgentRevokedListener): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  /** Called when an agent's socket is admitted (first socket of the agent on this replica). */
  onConnected(listener: (agentId: string) => void): () => void {
    this.connectedListeners.add(listener);
    return () => this.connectedListeners.delete(listener);
  }

  /** Exchanges a one-time enrollment token for the agent's own identity and secret. */
  async enroll(token: string, details: Partial<AgentEntity>): Promise<AgentIdentity> {
    const consumed = await this.enrollmentTokens.update(
      { tokenHash: sha256(token), usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      { usedAt: new Date() },
    );
    if (!consumed.affected) {
      throw new DomainError('unauthenticated', 'the enrollment token is unknown, used or expired');
    }

    const row = await this.enrollmentTokens.findOneByOrFail({ tokenHash: sha256(token) });
    const identity = await this.register(row.agentName, details);
    await this.audit.record(null, 'enroll', 'agent', identity.agentId, { name: row.agentName });
    return identity;
  }

  /** Creates (or re-keys) an agent directly; used by the console's own setup commands. */
  async register(name: string, details: Partial<AgentEntity> = {}): Promise<AgentIdentity> {
    const secret = randomBytes(32).toString('base64url');
    const existing = await this.agents.findOneBy({ name });
    const saved = await this.agents.save({
      ...(existing ?? {}),
      ...pickDetails(details),
      name,
      secretHash: sha256(secret),
      revokedAt: null,
    });

    this.logger.log({ msg: 'agent registered', agentId: saved.id, agent: name });
    return { agentId: saved.id, secret };
  }

  async authenticate(agentId: unknown, secret: unknown): Promise<AgentEntity | null> {
    if (typeof agentId !== 'string' || typeof secret !== 'string') return null;
    if (!/^[0-9a-f-]{36}$/i.test(agentId)) return null;

    const agent = await this.agents.findOneBy({ id: agentId });
    if (!agent || agent.revokedAt) return null;

    const expected = Buffer.from(agent.secretHash, 'hex');
    const given = Buffer.from(sha256(secret), 'hex');
    return timingSafeEqual(expected, given) ? agent : null;
  }

  /** Records that the agent spoke; plain sightings are written at most every few seconds. */
  async markSeen(agentId: string, details: Partial<AgentEntity> = {}): Promise<void> {
    const fields = pickDetails(details);
    const last = this.lastSeenWrite.get(agentId) ?? 0;
    if (Object.keys(fields).length === 0 && Date.now() - last < SEEN_WRITE_INTERVAL_MS) return;

    this.lastSeenWrite.set(agentId, Date.now());
    await this.agents.update({ id: agentId }, { ...fields, lastSeenAt: new Date() });
  }

  /**
   * Pins the sealing key an agent reports the first time: every secret for it is sealed with
   * that key. A different key later (a lost data directory, or a thief holding the agent's
   * secret) is not taken: the agent cannot open new secrets until an admin resets the key,
   * which is audited. A malformed key is ignored.
   */
  async recordSealKey(agent: AgentEntity, sealPublicKey: unknown): Promise<void> {
    if (!isSealPublicKey(sealPublicKey) || agent.sealPublicKey === sealPublicKey) return;

    if (agent.sealPublicKey) {
      if (this.keyMismatchReported.has(agent.id)) return;
      this.keyMismatchReported.add(agent.id);
      this.logger.warn({
        msg: 'agent presented another sealing key: kept the pinned one',
        agentId: agent.id,
      });
      await this.audit.record(null, 'seal-key-mismatch', 'agent', agent.id, { name: agent.name });
      return;
    }

    await this.agents.update({ id: agent.id, sealPublicKey: IsNull() }, { sealPublicKey });
    this.logger.log({ msg: 'agent sealing key pinned', agentId: agent.id });
  }

  /** After an agent lost its key (new data directory): its next connection pins a new one. */
  async resetSealKey(agentId: string, actor: Actor): Promise<void> {
    const agent = await this.get(agentId);
    if (!agent) throw notFound('agent', agentId);

    await this.agents.update({ id: agentId }, { sealPublicKey: null });
    this.keyMismatchReported.delete(agentId);
    this.logger.warn({ msg: 'agent sealing key reset', agentId, agent: agent.name });
    await this.audit.record(actor, 'seal-key-reset', 'agent', agentId, { name: agent.name });
  }

  markConnected(agentId: string, connected: boolean): void {
    const open = (this.connected.get(agentId) ?? 0) + (connected ? 1 : -1);
    if (open > 0) this.connected.set(agentId, open);
    else this.connected.delete(agentId);
    if (connected && open === 1) this.connectedListeners.forEach((listener) => listener(agentId));
  }

  isConnected(agentId: string): boolean {
    return this.connected.has(agentId);
  }

  async list(): Promise<AgentView[]> {
    const agents = await this.agents.find({ order: { name: 'ASC' } });
    return agents.map((a) => this.view(a));
  }

  async get(agentId: string): Promise<AgentEntity | null> {
    return this.agents.findOneBy({ id: agentId });
  }

  view(agent: AgentEntity): AgentView {
    return {
      id: agent.id,
      name: agent.name,
      hostname: agent.hostname,
      platform: agent.platform,
      version: agent.version,
      lastSeenAt: agent.lastSeenAt?.toISOString() ?? null,
      online: this.isConnected(agent.id),
      revokedAt: agent.revokedAt?.toISOString() ?? null,
      hasSealKey: agent.sealPublicKey !== null,
    };
  }
}

function pickDetails(details: Partial<AgentEntity>): Partial<AgentEntity> {
  const out: Partial<AgentEntity> = {};
  if (typeof details.hostname === 'string') out.hostname = details.hostname.slice(0, 255);
  if (typeof details.platform === 'string') out.platform = details.platform.slice(0, 64);
  if (typeof details.version === 'string') out.version = details.version.slice(0, 64);
  return out;
}
