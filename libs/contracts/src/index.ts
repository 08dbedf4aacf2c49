export * from './agent-protocol';
export * from './auth';
export * from './oracle-identifier';
export * from './run';
export * from './schedule';
export * from './strategy';
export * from './agent-jobs';
