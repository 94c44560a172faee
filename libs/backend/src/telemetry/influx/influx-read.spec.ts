import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InfluxTelemetryStore } from './influx-telemetry.store';

/**
 * The Flux read path against a HAND-WRITTEN annotated-CSV answer (a loopback HTTP server, no InfluxDB):
 * proves the request the adapter sends (endpoint, org, the query's filters and windowing) and that the
 * client's CSV parsing maps onto the port's series. It does NOT prove that InfluxDB 2.x evaluates this
 * Flux as intended: no Flux engine is available on this machine (Debian's influxdb is 1.6, pre-Flux).
 */
describe('InfluxDB adapter: Flux read path (recorded response)', () => {
  let server: Server;
  let answer = '';
  const requests: Array<{ url: string; query: string }> = [];
  let store: InfluxTelemetryStore;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        requests.push({ url: req.url ?? '', query: (JSON.parse(body) as { query: string }).query });
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
        res.end(answer);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    store = new InfluxTelemetryStore(
      { url, token: 't', org: 'river-org', bucket: 'telemetry' },
      async () => undefined,
    );
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('reads raw points per parameter with their class and flag', async () => {
    answer = [
      '#datatype,string,long,dateTime:RFC3339,string,double,long,string',
      '#group,false,false,false,true,false,false,false',
      '#default,_result,,,,,,',
      ',result,table,_time,parameter,value,class,flag',
      ',,0,2026-11-01T00:00:00Z,ph,7.2,1,N',
      ',,0,2026-11-01T01:00:00Z,ph,9.9,,D',
      ',,1,2026-11-01T00:00:00Z,do,8.1,2,N',
      '',
    ].join('\r\n');
    const series = await store.series({
      station: 'CQ-LMQ',
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-02T00:00:00Z'),
      parameters: ['ph', 'do'],
      interval: 'raw',
    });
    expect(series).toEqual([
      {
        parameter: 'ph',
        points: [
          { ts: new Date('2026-11-01T00:00:00Z'), value: 7.2, class: 1, flag: 'N' },
          { ts: new Date('2026-11-01T01:00:00Z'), value: 9.9, class: null, flag: 'D' },
        ],
      },
      {
        parameter: 'do',
        points: [{ ts: new Date('2026-11-01T00:00:00Z'), value: 8.1, class: 2, flag: 'N' }],
      },
    ]);
    const { url, query } = requests.at(-1)!;
    expect(url).toBe('/api/v2/query?org=river-org');
    expect(query).toContain('from(bucket: "telemetry")');
    expect(query).toContain(
      'range(start: time(v: "2026-11-01T00:00:00.000Z"), stop: time(v: "2026-11-02T00:00:00.000Z"))',
    );
    expect(query).toContain('r._measurement == "CQ-LMQ" and r.station == "CQ-LMQ"');
    expect(query).toContain('r.parameter == "ph" or r.parameter == "do"');
    expect(query).toContain('pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")');
    expect(query).not.toContain('aggregateWindow');
  });

  it('asks for means of N-flagged values in CST-aligned days, and reports them flag N without class', async () => {
    answer = [
      '#datatype,string,long,dateTime:RFC3339,string,double',
      '#group,false,false,false,true,false',
      '#default,_result,,,,',
      ',result,table,_time,parameter,value',
      ',,0,2026-10-31T16:00:00Z,nh3n,0.42',
      '',
    ].join('\r\n');
    const series = await store.series({
      station: 'CQ-LMQ',
      from: new Date('2026-10-01T00:00:00Z'),
      to: new Date('2026-11-02T00:00:00Z'),
      interval: '1d',
    });
    expect(series).toEqual([
      {
        parameter: 'nh3n',
        points: [{ ts: new Date('2026-10-31T16:00:00Z'), value: 0.42, class: null, flag: 'N' }],
      },
    ]);
    const { query } = requests.at(-1)!;
    expect(query).toContain('filter(fn: (r) => r.flag == "N")');
    expect(query).toContain('aggregateWindow(every: 1d, offset: -8h, fn: mean, column: "value"');
    expect(query).toContain('filter(fn: (r) => true)');
  });

  it('escapes what it interpolates (a station code cannot inject Flux)', async () => {
    answer = '';
    await store.series({
      station: 'X") |> drop(columns: ["a',
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-02T00:00:00Z'),
      interval: '1h',
    });
    expect(requests.at(-1)!.query).toContain('r._measurement == "X\\") |> drop(columns: [\\"a"');
  });
});
