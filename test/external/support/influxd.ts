import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Path of the influxd binary (Debian's `influxdb` package, 1.6.x), or undefined when not installed. */
export function findInfluxd(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v influxd'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RunningInfluxd {
  /** the InfluxDB 1.x HTTP API (InfluxQL /query, /write) */
  url: string;
  /** InfluxQL through /query; returns the `series` of the first statement */
  influxql(
    q: string,
  ): Promise<Array<{ name: string; columns: string[]; values: unknown[][]; tags?: Record<string, string> }>>;
  stop(): Promise<void>;
}

/** Starts a throw-away influxd (temp dirs, ephemeral ports, no reporting) and creates `database`. */
export async function startInfluxd(binary: string, database: string): Promise<RunningInfluxd> {
  const dir = mkdtempSync(join(tmpdir(), 'river-influxd-'));
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  writeFileSync(
    join(dir, 'influxdb.conf'),
    `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${dir}/meta"
[data]
  dir = "${dir}/data"
  wal-dir = "${dir}/wal"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
[logging]
  level = "error"
`,
  );
  const child: ChildProcess = spawn(binary, ['-config', join(dir, 'influxdb.conf')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${httpPort}`;
  const influxql = async (q: string) => {
    const response = await fetch(`${url}/query?db=${encodeURIComponent(database)}&epoch=ms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ q }).toString(),
    });
    const body = (await response.json()) as { results: Array<{ series?: never[]; error?: string }> };
    if (body.results[0]?.error) throw new Error(body.results[0].error);
    return body.results[0]?.series ?? [];
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/ping`)).status === 204) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`influxd did not start (exit ${child.exitCode})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await fetch(`${url}/query`, {
    method: 'POST',
    body: new URLSearchParams({ q: `CREATE DATABASE "${database}"` }),
  });
  return {
    url,
    influxql,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface V2Proxy {
  url: string;
  /** while true, every request is answered 503 (an InfluxDB outage as the adapter sees it) */
  down: boolean;
  /** the v2 write requests received (path + query), for assertions */
  writes: string[];
  /** set: `/api/v2/query` (Flux) is answered with this recorded annotated CSV instead of 501 */
  fluxAnswer?: string;
  /** the Flux queries received */
  fluxQueries: string[];
  close(): Promise<void>;
}

/**
 * TEST-ONLY translation of the InfluxDB 2.x API the adapter speaks onto influxd 1.6 (which predates it):
 * `POST /api/v2/write?org&bucket&precision` → `POST /write?db={bucket}&precision` (the line protocol
 * body is the same in both versions), `GET /health` → `/ping`. Flux (`/api/v2/query`) cannot be
 * translated (1.6 has no Flux engine): it is answered 501, or with `fluxAnswer` (a recorded response).
 */
export async function startV2Proxy(target: string): Promise<V2Proxy> {
  const state = { down: false, writes: [] as string[] };
  const server: Server = createServer((req, res) => {
    const incoming = new URL(req.url ?? '/', 'http://proxy');
    if (state.down) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"code":"unavailable","message":"test outage"}');
      req.resume();
      return;
    }
    let path: string;
    if (req.method === 'POST' && incoming.pathname === '/api/v2/write') {
      state.writes.push(incoming.pathname + incoming.search);
      const bucket = incoming.searchParams.get('bucket') ?? '';
      const precision = incoming.searchParams.get('precision') ?? 'ns';
      path = `/write?db=${encodeURIComponent(bucket)}&precision=${precision}`;
    } else if (incoming.pathname === '/health') {
      path = '/ping';
    } else if (incoming.pathname === '/api/v2/query' && proxy.fluxAnswer !== undefined) {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        proxy.fluxQueries.push((JSON.parse(body) as { query: string }).query);
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
        res.end(proxy.fluxAnswer);
      });
      return;
    } else {
      res.writeHead(501, { 'content-type': 'application/json' });
      res.end('{"code":"not implemented","message":"influxd 1.6 has no v2 API for this"}');
      req.resume();
      return;
    }
    const upstream = request(
      `${target}${path}`,
      { method: req.method, headers: { 'content-type': 'text/plain' } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502);
      res.end(error.message);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: V2Proxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    writes: state.writes,
    fluxQueries: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  server.keepAliveTimeout = 1000;
  return proxy;
}
