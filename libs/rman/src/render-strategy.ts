import { usesDataPump, type StrategyDocument } from '@rampart/contracts';

import { dataPumpFileStem, renderDataPumpParfile } from './datapump-parfile';
import { hasErrors, StrategyRefused, type Finding, type RenderContext } from './findings';
import { renderRmanScript } from './rman-script';
import { checkStrategy, withListDefaults } from './strategy-checks';

/** The work the agent runs for one strategy run: a command file or a parfile. */
export interface RenderedWork {
  tool: 'rman' | 'expdp';
  /** The RMAN command file or the expdp parameter file, verbatim. */
  script: string;
  warnings: Finding[];
  /** Environment the agent sets for the child process (never a shell). */
  env: Record<string, string>;
  /** Suggested file name for `script` in the run's working directory. */
  fileName: string;
}

/** Unambiguous dates in every log line, and English messages the parsers know. */
export const RUN_ENVIRONMENT: Readonly<Record<string, string>> = {
  NLS_DATE_FORMAT: 'YYYY-MM-DD HH24:MI:SS',
  NLS_LANG: 'AMERICAN_AMERICA.AL32UTF8',
};

/** Renders a strategy for one run, or throws `StrategyRefused` listing every finding. */
export function renderStrategy(input: StrategyDocument, ctx: RenderContext): RenderedWork {
  const doc = withListDefaults(input);
  const findings = checkStrategy(doc, ctx);
  if (hasErrors(findings)) throw new StrategyRefused(findings);

  const warnings = findings.filter((f) => f.severity === 'warning');
  const env = { ...RUN_ENVIRONMENT };

  if (usesDataPump(doc)) {
    const script = renderDataPumpParfile(doc, ctx.runId);
    return { tool: 'expdp', script, warnings, env, fileName: `${dataPumpFileStem(ctx.runId)}.par` };
  }

  const script =
    doc.type === 'custom' ? (doc.custom?.script ?? '') : renderRmanScript(doc, ctx.runId);
  return { tool: 'rman', script, warnings, env, fileName: `rampart-${ctx.runId}.rman` };
}
