// The e2e tier runs the built system exactly as `npm start` does, so it builds first (incremental tsc:
// seconds when nothing changed), then shares the database setup of the integration tier.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const databaseSetup = require('./global-setup.cjs');

module.exports = async function e2eGlobalSetup() {
  execFileSync('npm', ['run', 'build', '--silent'], {
    cwd: path.join(__dirname, '..', '..'),
    stdio: 'inherit',
  });
  await databaseSetup();
};
