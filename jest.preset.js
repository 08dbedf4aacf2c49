// Shared Jest settings for the server-side projects (libs, console, agent, simulator).
// Specs are transpiled one file at a time; `npm run typecheck` does the type checking.
const path = require('node:path');

const libs = ['contracts', 'rman', 'oracle-calendar', 'agent-seal'];

function libraryMapper() {
  const mapper = {};
  for (const lib of libs) {
    mapper[`^@rampart/${lib}$`] = path.join(__dirname, 'libs', lib, 'src', 'index.ts');
  }
  return mapper;
}

function serverProject(projectDir, displayName, extra = {}) {
  return {
    displayName,
    rootDir: projectDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(projectDir, 'tsconfig.spec.json') }],
    },
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper: libraryMapper(),
    ...extra,
  };
}

module.exports = { serverProject, libraryMapper };
