const fs = require('node:fs');

module.exports = async function globalTeardown() {
  const handle = globalThis.__RIVER_EMBEDDED_PG__;
  if (!handle) return;
  globalThis.__RIVER_EMBEDDED_PG__ = undefined;
  delete process.env.TEST_ADMIN_DATABASE_URL;
  await handle.pg.stop();
  fs.rmSync(handle.dir, { recursive: true, force: true });
};
