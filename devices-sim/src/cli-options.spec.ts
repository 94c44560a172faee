import { parseCliOptions } from './cli-options';

describe(parseCliOptions.name, () => {
  it('reads flags, with environment fallbacks and defaults', () => {
    const o = parseCliOptions(
      ['--scenario', 'xinsheng-pollution', '--stations', 'CQ-LMQ, CQ-CT', '--speed', '7200', '--seed', '9'],
      {
        SIM_MQTT_URL: 'mqtt://broker:1884',
      },
    );
    expect(o).toMatchObject({
      url: 'mqtt://broker:1884',
      scenario: 'xinsheng-pollution',
      stations: ['CQ-LMQ', 'CQ-CT'],
      speed: 7200,
      seed: 9,
      clean: false,
      dryRun: false,
    });
    expect(parseCliOptions([], {}).speed).toBe(3600);
    expect(parseCliOptions(['--dry-run'], {}).speed).toBe(Infinity);
    expect(parseCliOptions(['--speed', 'max'], {}).speed).toBe(Infinity);
    expect(parseCliOptions(['--start', '2026-11-22T00:00:00+08:00'], {}).start?.toISOString()).toBe(
      '2026-11-21T16:00:00.000Z',
    );
  });

  it('rejects bad values with one line naming the flag', () => {
    expect(() => parseCliOptions(['--speed', 'fast'], {})).toThrow(/--speed/);
    expect(() => parseCliOptions(['--start', 'yesterday'], {})).toThrow(/--start/);
    expect(() => parseCliOptions(['--provision'], {})).toThrow(/--api/);
    expect(() => parseCliOptions(['--bogus'], {})).toThrow();
  });
});
