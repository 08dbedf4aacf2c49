// Every project's tests in one run; `npm test` adds the build and the plain summary line.
module.exports = {
  projects: [
    '<rootDir>/libs/contracts/jest.config.js',
    '<rootDir>/libs/rman/jest.config.js',
    '<rootDir>/libs/oracle-calendar/jest.config.js',
    '<rootDir>/apps/oracle-sim/jest.config.js',
    '<rootDir>/apps/agent/jest.config.js',
    '<rootDir>/apps/console/jest.config.js',
    '<rootDir>/apps/dashboard/jest.config.js',
    '<rootDir>/e2e/jest.config.js',
  ],
};
