const { serverProject } = require('../../jest.preset');

module.exports = serverProject(__dirname, 'console');
