// Browser tests (`npm run test:browser`): real headless Chromium against the whole system started in
// process. Kept out of the default projects so `npm test` passes on machines without Chromium.
const fs = require('node:fs');
const root = `${__dirname}/../..`;
const swcConfig = JSON.parse(fs.readFileSync(`${root}/.swcrc`, 'utf8'));
delete swcConfig.$schema;

module.exports = {
  rootDir: root,
  displayName: 'browser',
  testEnvironment: 'node',
  testTimeout: 180000,
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  moduleNameMapper: {
    '^@river/backend/(.*)$': '<rootDir>/libs/backend/src/$1',
    '^@river/([^/]+)$': '<rootDir>/libs/$1/src',
  },
  transformIgnorePatterns: ['/node_modules/(?!(aedes|aedes-packet|aedes-persistence|mqemitter)/)'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  globalSetup: '<rootDir>/test/setup/global-setup.cjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.cjs',
};
