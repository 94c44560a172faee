import { parseReplayArgs, problemText } from './replay-command';

describe('replay CLI options', () => {
  const env = { RIVER_TOKEN: 'tok' };
  const base = ['--from', '2026-11-01T00:00:00+08:00', '--to', '2026-11-02T00:00:00+08:00'];

  it('builds the job body with defaults (sandbox, as fast as possible)', () => {
    const o = parseReplayArgs(base, env);
    expect(o).toMatchObject({ api: 'http://localhost:3000', auth: { token: 'tok' }, json: false });
    expect(o.body).toEqual({ from: base[1], to: base[3], speed: 'max', target: 'sandbox' });
  });

  it('reads stations, speed, a rule-set file and credentials from options over the environment', () => {
    const o = parseReplayArgs(
      [
        ...base,
        '--stations',
        'CQ-LMQ, CQ-X',
        '--speed',
        '60',
        '--rule-set',
        'rules/strict.json',
        '--user',
        'op',
        '--password',
        'pw',
        '--api',
        'http://h:1/',
      ],
      { RIVER_USER: 'other' },
      () => '{"sustainedReadings":1}',
    );
    expect(o.api).toBe('http://h:1');
    expect(o.auth).toEqual({ user: 'op', password: 'pw' });
    expect(o.body).toMatchObject({
      stations: ['CQ-LMQ', 'CQ-X'],
      speed: 60,
      ruleSet: { name: 'strict', override: { sustainedReadings: 1 } },
    });
  });

  it('passes a named rule set through and builds the mqtt target', () => {
    const o = parseReplayArgs(
      [...base, '--rule-set', 'x.json', '--target', 'mqtt', '--topic-prefix', 'replay/1'],
      env,
      () => '{"name":"N=1","override":{"sustainedReadings":1}}',
    );
    expect(o.body).toMatchObject({
      ruleSet: { name: 'N=1' },
      target: 'mqtt',
      mqtt: { topicPrefix: 'replay/1' },
    });
  });

  it('refuses bad input with a message', () => {
    expect(() => parseReplayArgs(base, {})).toThrow(/credentials/);
    expect(() => parseReplayArgs(['--to', 'x'], env)).toThrow(/--from and --to/);
    expect(() => parseReplayArgs([...base, '--speed', '-1'], env)).toThrow(/--speed/);
    expect(() => parseReplayArgs([...base, '--target', 'prod'], env)).toThrow(/--target/);
    expect(() => parseReplayArgs([...base, '--target', 'mqtt'], env)).toThrow(/topic-prefix/);
    expect(() => parseReplayArgs([...base, '--rule-set', 'f'], env, () => '{')).toThrow(/--rule-set f/);
    expect(() => parseReplayArgs([...base, '--bogus'], env)).toThrow();
  });

  it('watches an existing job', () => {
    expect(parseReplayArgs(['--watch', '12'], env)).toMatchObject({ watch: '12' });
  });

  it('formats problem responses', () => {
    expect(
      problemText(400, { detail: 'bad', errors: [{ field: 'to', message: 'must be after from' }] }),
    ).toBe('HTTP 400: bad\n  to: must be after from');
    expect(problemText(503, undefined)).toBe('HTTP 503: request refused');
  });
});
