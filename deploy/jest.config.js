// Static checks of the container and compose files, and the Redis ACLs on a private redis-server.
const { serverProject } = require('../jest.preset');

module.exports = { ...serverProject(__dirname, 'deploy'), testTimeout: 60_000 };
