const { serverProject } = require('../jest.preset');

module.exports = {
  ...serverProject(__dirname, 'e2e'),
  testMatch: ['<rootDir>/**/*.e2e.spec.ts'],
  testTimeout: 180_000,
};
