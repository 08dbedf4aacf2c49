export * from './calendar-error';
export * from './calendar-rule';
export * from './format-calendar';
export * from './next-runs';
export * from './parse-calendar';
export { resolveZone } from './time-zone';
export * from './schedule-conversion';
export * from './scheduler-plsql';
