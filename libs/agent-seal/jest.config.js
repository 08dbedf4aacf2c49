const { serverProject } = require('../../jest.preset');

module.exports = serverProject(__dirname, 'agent-seal');
