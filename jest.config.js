// Every project's tests in one run; `npm test` adds the build and the plain summary line.
module.exports = {
  // A global setting (projects cannot set it): end-to-end tests start whole systems, and
  // integration tests a console, which takes longer than Jest's 5 s on a loaded machine.
  testTimeout: 180_000,
  projects: [
    '<rootDir>/libs/contracts/jest.config.js',
    '<rootDir>/libs/rman/jest.config.js',
    '<rootDir>/libs/oracle-calendar/jest.config.js',
    '<rootDir>/libs/agent-seal/jest.config.js',
    '<rootDir>/apps/oracle-sim/jest.config.js',
    '<rootDir>/apps/agent/jest.config.js',
    '<rootDir>/apps/console/jest.config.js',
    '<rootDir>/apps/dashboard/jest.config.js',
    '<rootDir>/e2e/jest.config.js',
    '<rootDir>/deploy/jest.config.js',
  ],
};
