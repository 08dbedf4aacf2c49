import { formatElapsed } from '../common/oracle-date';
import { PieceOptions, pieceHandle, recoveryAreaFull, SetPlan, writePiece } from './backup-pieces';
import { LongOperation } from './longops';
import { RmanContext, step } from './rman-context';
import { channelFailureLines, RmanCancelled, RmanFailure, RmanSessionKilled } from './rman-errors';

interface Started {
  plan: SetPlan;
  at: number;
}

function queuesByChannel(plans: SetPlan[]): SetPlan[][] {
  const queues = new Map<string, SetPlan[]>();
  for (const plan of plans) {
    const queue = queues.get(plan.channel.name) ?? [];
    queue.push(plan);
    queues.set(plan.channel.name, queue);
  }
  return [...queues.values()];
}

function printStart(ctx: RmanContext, plan: SetPlan): void {
  const name = plan.channel.name;
  ctx.out.line(`channel ${name}: ${plan.startLine}`);
  ctx.out.line(`channel ${name}: ${plan.specifyLine}`);
  ctx.out.lines(plan.inputLines);
  ctx.out.line(`channel ${name}: starting piece ${plan.pieceNo} at ${ctx.out.date()}`);
}

/** disk-full: every channel writing datafiles fails with ORA-19502 / ORA-27072. */
function diskFullFailure(ctx: RmanContext, round: Started[], options: PieceOptions): RmanFailure {
  const failures = round.map(({ plan }) => {
    const handle = pieceHandle(ctx, plan, options, new Date());
    const block = 8192 * (1 + (plan.setKey % 7)) * 16;
    return channelFailureLines('backup', plan.channel.name, [
      `ORA-19502: write error on file "${handle}", block number ${block} (block size=8192)`,
      'ORA-27072: File I/O error',
      'Additional information: 4',
      `Additional information: ${block}`,
      `Additional information: ${block - 16384}`,
    ]);
  });
  const before = failures
    .slice(0, -1)
    .flatMap((lines, i) => [
      ...lines,
      `channel ${round[i].plan.channel.name} disabled, job failed on it will be run on another ` +
        `channel`,
    ]);
  return new RmanFailure(failures[failures.length - 1], before);
}

/** killed-session: the channel's database session was killed (ALTER SYSTEM KILL SESSION). */
function killedSessionFailure(round: Started[]): RmanFailure {
  const channel = round[0].plan.channel;
  return new RmanFailure(
    channelFailureLines('backup', channel.name, [
      'ORA-03113: end-of-file on communication channel',
      `Process ID: ${4000 + channel.sid}`,
      `Session ID: ${channel.sid} Serial number: ${1000 + channel.sid}`,
    ]),
    channelFailureLines('backup', channel.name, ['ORA-00028: your session has been killed']),
  );
}

function cancelledFailure(round: Started[]): RmanFailure {
  return new RmanFailure(
    ['RMAN-03099: job cancelled at user request'],
    channelFailureLines('backup', round[0]?.plan.channel.name ?? 'ORA_DISK_1', [
      'ORA-01013: user requested cancel of current operation',
    ]),
  );
}

function checkRoundFaults(
  ctx: RmanContext,
  round: Started[],
  options: PieceOptions,
  target: string,
): void {
  const kind = round[0].plan.kind;
  if (kind !== target) return;

  if (ctx.faults.has('killed-session')) throw killedSessionFailure(round);
  if (ctx.faults.has('disk-full') && round.some((r) => r.plan.channel.device === 'DISK')) {
    throw diskFullFailure(
      ctx,
      round.filter((r) => r.plan.channel.device === 'DISK'),
      options,
    );
  }
  if (ctx.faults.has('fra-full')) {
    throw recoveryAreaFull(ctx, options.commandName, Math.max(52428800, round[0].plan.sizeHint));
  }
}

async function finishPlan(
  ctx: RmanContext,
  started: Started,
  options: PieceOptions,
  progress: LongOperation | null,
): Promise<void> {
  const { plan } = started;
  const name = plan.channel.name;
  await step(ctx);

  const handleLine = writePiece(ctx, plan, options);
  ctx.out.line(`channel ${name}: finished piece ${plan.pieceNo} at ${ctx.out.date()}`);
  ctx.out.line(handleLine);
  ctx.out.line(
    `channel ${name}: backup set complete, elapsed time: ${formatElapsed(Date.now() - started.at)}`,
  );
  progress?.advance(plan.blocks);
  plan.afterComplete?.();
}

/**
 * Runs planned sets as RMAN's channels do in parallel: each channel starts its next set,
 * then the sets finish smallest first. `faultTarget` is the kind of set a fault hits.
 */
export async function runSetPlans(
  ctx: RmanContext,
  plans: SetPlan[],
  options: PieceOptions,
  faultTarget: string,
): Promise<void> {
  const queues = queuesByChannel(plans);
  const totalBlocks = plans.reduce((sum, p) => sum + p.blocks, 0);
  const progress =
    totalBlocks > 0
      ? new LongOperation(ctx, 'RMAN: aggregate input', totalBlocks, plans[0].channel.sid)
      : null;
  let round: Started[] = [];

  try {
    while (queues.some((q) => q.length > 0)) {
      round = queues
        .filter((q) => q.length > 0)
        .map((q) => ({ plan: q.shift() as SetPlan, at: Date.now() }));
      for (const started of round) printStart(ctx, started.plan);
      await step(ctx);
      checkRoundFaults(ctx, round, options, faultTarget);

      const bySize = [...round].sort((a, b) => a.plan.sizeHint - b.plan.sizeHint);
      for (const started of bySize) await finishPlan(ctx, started, options, progress);
    }
  } catch (error) {
    if (error instanceof RmanCancelled) throw cancelledFailure(round);
    if (error instanceof RmanSessionKilled) throw killedSessionFailure(round);
    throw error;
  }

  progress?.finish();
}
