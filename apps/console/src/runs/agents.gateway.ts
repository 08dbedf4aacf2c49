import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import type { z } from 'zod';

import {
  AGENT_EVENTS,
  heartbeatEventSchema,
  type RunEventAck,
  runLogEventSchema,
  runProgressEventSchema,
  runRequestEventSchema,
  runStateEventSchema,
  scheduleDriftEventSchema,
} from '@rampart/contracts';

import { AgentsService } from '../agents/agents.service';
import { ScheduleAgentEvents } from '../schedules/schedule-agent-events.service';
import { AgentChannel, agentRoom } from './agent-channel';
import { AgentEventsService } from './agent-events.service';

interface AgentSocketData {
  agentId?: string;
  /** The agent's id once its secret is checked, or null if refused; events wait for it. */
  admitted?: Promise<string | null>;
}

type AckOrError = RunEventAck | { error: string };

/**
 * Events of one agent handled at once, over all its sockets. An agent sends one request per
 * run at a time (at most 16 runs) plus its heartbeat; beyond this it is flooding, and each
 * waiting event would hold its payload (up to 2 MB) and queue for a database connection.
 */
const MAX_EVENTS_IN_FLIGHT = 32;

/**
 * Namespace `/agents`: each agent authenticates with its id and secret in the handshake and
 * may report only on its own runs. Answers are acknowledgements (`emitWithAck`).
 */
@WebSocketGateway({ namespace: '/agents', maxHttpBufferSize: 2_000_000 })
export class AgentsGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(AgentsGateway.name);
  private readonly inFlight = new Map<string, number>();
  /** Agents refused for flooding since they last had nothing in flight (logged once). */
  private readonly flooding = new Set<string>();

  constructor(
    private readonly agents: AgentsService,
    private readonly events: AgentEventsService,
    private readonly channel: AgentChannel,
    private readonly schedules: ScheduleAgentEvents,
  ) {}

  /** A revoked agent's sockets are dropped at once (on every replica, via the adapter). */
  afterInit(namespace: Namespace): void {
    this.agents.onRevoked((agentId) => namespace.in(agentRoom(agentId)).disconnectSockets(true));
  }

  /**
   * The agent hears `connect` before its secret is checked, and sends its heartbeat and
   * outbox at once: the check is kept on the socket so that those events wait for it.
   */
  async handleConnection(socket: Socket): Promise<void> {
    const admitted = this.admit(socket);
    (socket.data as AgentSocketData).admitted = admitted;
    await admitted;
  }

  private async admit(socket: Socket): Promise<string | null> {
    const auth = socket.handshake.auth as {
      agentId?: unknown;
      secret?: unknown;
      sealPublicKey?: unknown;
    };
    const agent = await this.agents.authenticate(auth.agentId, auth.secret);
    if (!agent) {
      this.logger.warn({ msg: 'refused agent connection', address: socket.handshake.address });
      socket.disconnect(true);
      return null;
    }

    (socket.data as AgentSocketData).agentId = agent.id;
    await this.channel.join(socket, agent.id);
    this.agents.markConnected(agent.id, true);
    await this.agents.markSeen(agent.id);
    await this.agents.recordSealKey(agent, auth.sealPublicKey);
    this.logger.log({ msg: 'agent connected', agentId: agent.id, agent: agent.name });
    return agent.id;
  }

  handleDisconnect(socket: Socket): void {
    const agentId = (socket.data as AgentSocketData).agentId;
    if (!agentId) return;

    this.channel.left();
    this.agents.markConnected(agentId, false);
    this.logger.log({ msg: 'agent disconnected', agentId });
  }

  @SubscribeMessage(AGENT_EVENTS.heartbeat)
  async heartbeat(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return this.guarded(socket, heartbeatEventSchema, body, async (agentId, beat) => {
      await this.agents.markSeen(agentId, { version: beat.version, platform: beat.platform });
      return { ok: true };
    });
  }

  @SubscribeMessage(AGENT_EVENTS.runLog)
  async runLog(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return this.guarded(socket, runLogEventSchema, body, async (agentId, event) => ({
      runId: event.runId,
      ackedSeq: await this.events.onLog(agentId, event.runId, event.lines),
    }));
  }

  @SubscribeMessage(AGENT_EVENTS.runState)
  async runState(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return this.guarded(socket, runStateEventSchema, body, async (agentId, event) => ({
      runId: event.runId,
      ackedSeq: await this.events.onState(agentId, event),
    }));
  }

  /** Oracle Scheduler fired a strategy on the agent's host: answers the run, made once. */
  @SubscribeMessage(AGENT_EVENTS.runRequest)
  async runRequest(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return this.guarded(socket, runRequestEventSchema, body, (agentId, event) =>
      this.schedules.onRunRequest(agentId, event),
    );
  }

  @SubscribeMessage(AGENT_EVENTS.scheduleDrift)
  async scheduleDrift(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return this.guarded(socket, scheduleDriftEventSchema, body, (agentId, event) =>
      this.schedules.onDrift(agentId, event),
    );
  }

  @SubscribeMessage(AGENT_EVENTS.runProgress)
  async runProgress(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown) {
    return this.guarded(socket, runProgressEventSchema, body, async (agentId, event) => ({
      runId: event.runId,
      ackedSeq: await this.events.onProgress(agentId, event),
    }));
  }

  /** Validates the payload and answers an error object instead of throwing into socket.io. */
  private async guarded<S extends z.ZodType, R>(
    socket: Socket,
    schema: S,
    body: unknown,
    handle: (agentId: string, payload: z.output<S>) => Promise<R>,
  ): Promise<R | AckOrError> {
    const agentId = await (socket.data as AgentSocketData).admitted;
    if (!agentId) return { error: 'not authenticated' };

    const busy = this.inFlight.get(agentId) ?? 0;
    if (busy >= MAX_EVENTS_IN_FLIGHT) {
      if (!this.flooding.has(agentId)) {
        this.flooding.add(agentId);
        this.logger.warn({ msg: 'agent sends too many events at once; refusing', agentId });
      }
      return { error: `too many events in flight (${MAX_EVENTS_IN_FLIGHT}); retry later` };
    }

    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { error: `${issue?.path.join('.') || 'payload'} ${issue?.message ?? 'is invalid'}` };
    }

    this.inFlight.set(agentId, busy + 1);
    try {
      await this.agents.markSeen(agentId);
      return await handle(agentId, parsed.data);
    } catch (error) {
      this.logger.warn({ msg: 'agent event refused', agentId, error: String(error) });
      return { error: error instanceof Error ? error.message : String(error) };
    } finally {
      this.release(agentId);
    }
  }

  private release(agentId: string): void {
    const left = (this.inFlight.get(agentId) ?? 1) - 1;
    if (left > 0) {
      this.inFlight.set(agentId, left);
      return;
    }

    this.inFlight.delete(agentId);
    this.flooding.delete(agentId);
  }
}
