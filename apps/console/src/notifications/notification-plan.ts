import type { NotifyEvent, RuleEvent } from '@rampart/contracts';

/** A rule as the planner needs it: an explicit rule, or a strategy's own `notify` block. */
export interface RecipientRule {
  /** The rule's id, or `strategy:<id>` for the strategy document's `notify` block. */
  key: string;
  ruleId: string | null;
  recipients: string[];
}

export interface PlannedMessage {
  dedupKey: string;
  ruleId: string | null;
  recipients: string[];
}

export interface RuleScope {
  events: RuleEvent[];
  strategyId: string | null;
  targetId: string | null;
  enabled: boolean;
}

export interface RunScope {
  strategyId: string | null;
  targetId: string;
}

/** A global rule covers every run; a strategy or target rule only its own. */
export function ruleCovers(rule: RuleScope, run: RunScope, event: RuleEvent): boolean {
  return (
    rule.enabled &&
    rule.events.includes(event) &&
    (rule.strategyId === null || rule.strategyId === run.strategyId) &&
    (rule.targetId === null || rule.targetId === run.targetId)
  );
}

export function runDedupKey(runId: string, event: NotifyEvent, ruleKey: string): string {
  return `run:${runId}:${event}:${ruleKey}`;
}

/**
 * One message per rule for a run and event, each recipient addressed once: a recipient named
 * by several rules (or already mailed for this run and event) is left out of the later ones.
 */
export function planRunMessages(
  runId: string,
  event: NotifyEvent,
  rules: RecipientRule[],
  alreadyAddressed: string[],
): PlannedMessage[] {
  const addressed = new Set(alreadyAddressed.map((r) => r.toLowerCase()));
  const planned: PlannedMessage[] = [];

  for (const rule of rules) {
    const fresh = [...new Set(rule.recipients.map((r) => r.toLowerCase()))].filter(
      (r) => !addressed.has(r),
    );
    if (!fresh.length) continue;

    fresh.forEach((r) => addressed.add(r));
    planned.push({
      dedupKey: runDedupKey(runId, event, rule.key),
      ruleId: rule.ruleId,
      recipients: fresh,
    });
  }
  return planned;
}
