export { checkStrategy } from './strategy-checks';
export { StrategyRefused, type Finding, type RenderContext } from './findings';
export { renderStrategy, RUN_ENVIRONMENT, type RenderedWork } from './render-strategy';
export { dataPumpJobName } from './datapump-parfile';
export {
  RmanLogParser,
  parseRmanLog,
  type RmanVerdict,
  type ListedBackupSet,
} from './rman-log-parser';
export {
  ExpdpLogParser,
  parseExpdpLog,
  type ExpdpVerdict,
  type SkippedObject,
} from './expdp-log-parser';
export type { LogProgress, LogVerdict } from './log-verdict';
export {
  explainError,
  explainVerdict,
  formatBytes,
  type ErrorExplanation,
} from './error-explanations';
export { LineSplitter } from './line-splitter';
