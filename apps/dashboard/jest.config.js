// Component and service tests of the dashboard, zoneless, in jsdom.
const path = require('node:path');
const { createCjsPreset } = require('jest-preset-angular/presets');

module.exports = {
  ...createCjsPreset({ tsconfig: path.join(__dirname, 'tsconfig.spec.json') }),
  displayName: 'dashboard',
  rootDir: __dirname,
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleNameMapper: {
    '^@rampart/contracts$': path.join(__dirname, '../../libs/contracts/src/index.ts'),
  },
};
