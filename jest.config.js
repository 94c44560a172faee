// Three tiers, as in immich/twenty: unit (pure, next to the code), integration (real PostgreSQL,
// real MQTT over TCP), e2e (black-box: the built system started as `npm start` would).
const fs = require('node:fs');
const swcConfig = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcConfig.$schema;

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  moduleNameMapper: {
    '^@river/backend/(.*)$': '<rootDir>/libs/backend/src/$1',
    '^@river/([^/]+)$': '<rootDir>/libs/$1/src',
  },
  // aedes 1.x ships as an ES module; swc turns it into CommonJS for jest (the built app loads it natively).
  transformIgnorePatterns: ['/node_modules/(?!(aedes|aedes-packet|aedes-persistence|mqemitter)/)'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/apps/console/'],
};

module.exports = {
  testTimeout: 120000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,devices-sim}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,devices-sim}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.cjs',
      globalTeardown: '<rootDir>/test/setup/global-teardown.cjs',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/e2e-global-setup.cjs',
      globalTeardown: '<rootDir>/test/setup/global-teardown.cjs',
    },
    // Needs this machine's services (Mosquitto on 1883, influxd, the PostgreSQL service): defined only
    // under `npm run test:external` (RIVER_EXTERNAL_TESTS=1), so plain `npm test` never runs it.
    ...(process.env.RIVER_EXTERNAL_TESTS === '1'
      ? [
          {
            ...common,
            displayName: 'external',
            testMatch: ['<rootDir>/test/external/**/*.external-spec.ts'],
            globalSetup: '<rootDir>/test/setup/e2e-global-setup.cjs',
            globalTeardown: '<rootDir>/test/setup/global-teardown.cjs',
          },
        ]
      : []),
  ],
};
