import { Channel, configuredValue, randomSid, RmanContext } from './rman-context';
import { DeviceType } from './rman-commands';
import { publishSessions } from './longops';

/** The vendor line an SBT channel prints after allocation. */
export const MEDIA_MANAGER_BANNER = 'Example Media Agent for Oracle VER=5.1.0';
export const MEDIA_MANAGER_COMMENT = 'API Version 2.0,MMS Version 5.1.0.0';

export function announceRepository(ctx: RmanContext): void {
  if (ctx.repositoryAnnounced) return;
  ctx.out.line('using target database control file instead of recovery catalog');
  ctx.repositoryAnnounced = true;
}

export function printAllocation(ctx: RmanContext, channel: Channel): void {
  ctx.out.line(`allocated channel: ${channel.name}`);
  ctx.out.line(`channel ${channel.name}: SID=${channel.sid} device type=${channel.device}`);
  if (channel.device === 'SBT_TAPE')
    ctx.out.line(`channel ${channel.name}: ${MEDIA_MANAGER_BANNER}`);
  publishSessions(ctx);
}

function configuredDevice(ctx: RmanContext): DeviceType {
  const text = configuredValue(ctx, 'DEFAULT DEVICE TYPE') ?? '';
  return /\bSBT/.test(text) ? 'SBT_TAPE' : 'DISK';
}

function configuredParallelism(ctx: RmanContext, device: DeviceType): number {
  const key = device === 'DISK' ? 'DEVICE TYPE DISK' : 'DEVICE TYPE SBT';
  const text = configuredValue(ctx, key) ?? configuredValue(ctx, `${key}_TAPE`) ?? '';
  const match = /PARALLELISM (\d+)/.exec(text);
  return match ? Math.max(1, Number(match[1])) : 1;
}

function configuredChannelOption(
  ctx: RmanContext,
  device: DeviceType,
  option: string,
): string | null {
  const key = device === 'DISK' ? 'CHANNEL DEVICE TYPE DISK' : 'CHANNEL DEVICE TYPE SBT';
  const text = configuredValue(ctx, key) ?? configuredValue(ctx, `${key}_TAPE`) ?? '';
  const match = new RegExp(`${option} '([^']*)'`).exec(text);
  return match ? match[1] : null;
}

function automaticChannels(ctx: RmanContext): Channel[] {
  const device = configuredDevice(ctx);
  const prefix = device === 'DISK' ? 'ORA_DISK_' : 'ORA_SBT_TAPE_';
  const count = configuredParallelism(ctx, device);

  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}${i + 1}`,
    device,
    format: configuredChannelOption(ctx, device, 'FORMAT'),
    parms: configuredChannelOption(ctx, device, 'PARMS'),
    maxPieceSizeBytes: null,
    sid: randomSid(),
    automatic: true,
  }));
}

/**
 * The channels a command works on: those of the RUN block, else the automatic ones, which
 * RMAN allocates the first time (`allocated channel:`) and reuses after (`using channel`).
 */
export function channelsForCommand(ctx: RmanContext): Channel[] {
  if (ctx.allocated.length > 0) return ctx.allocated;
  announceRepository(ctx);

  if (ctx.automatic.length > 0) {
    for (const channel of ctx.automatic) ctx.out.line(`using channel ${channel.name}`);
    return ctx.automatic;
  }

  ctx.automatic = automaticChannels(ctx);
  for (const channel of ctx.automatic) printAllocation(ctx, channel);
  return ctx.automatic;
}

/** Ends the RUN block: its channels are released without a blank line before. */
export function releaseRunChannels(ctx: RmanContext): void {
  if (ctx.allocated.length === 0) return;
  ctx.out.dropBlank();
  for (const channel of ctx.allocated) ctx.out.line(`released channel: ${channel.name}`);
  ctx.allocated = [];
}
