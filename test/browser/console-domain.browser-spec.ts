import {
  classColour,
  className,
  formatDuration,
  groupStatus,
  isNationalCq,
  sectionStatus,
  type Station,
} from '../../apps/console/src/domain';

/** The console's own domain helpers (SPEC §2 status words, national palette); pure, no browser needed. */
describe('console domain helpers', () => {
  const classes = (good: number, iv: number, worst: number) => [
    ...Array<number>(good).fill(2),
    ...Array<number>(iv).fill(4),
    ...Array<number>(worst).fill(6),
  ];

  it('words for several sections follow the share in I–III and of 劣V', () => {
    expect(groupStatus([])).toBeNull();
    expect(groupStatus(classes(90, 10, 0))).toBe('excellent');
    expect(groupStatus(classes(89, 11, 0))).toBe('good');
    expect(groupStatus(classes(75, 25, 0))).toBe('good');
    expect(groupStatus(classes(74, 26, 0))).toBe('light');
    expect(groupStatus(classes(70, 11, 19))).toBe('light');
    expect(groupStatus(classes(70, 10, 20))).toBe('moderate');
    expect(groupStatus(classes(59, 1, 40))).toBe('heavy');
  });

  it('word for one section and the national colours', () => {
    expect([1, 2, 3, 4, 5, 6].map(sectionStatus)).toEqual([
      'excellent',
      'excellent',
      'good',
      'light',
      'moderate',
      'heavy',
    ]);
    expect(sectionStatus(null)).toBeNull();
    expect([1, 2, 3, 4, 5, 6].map(classColour)).toEqual([
      '#00CCFF',
      '#0066FF',
      '#00CC00',
      '#FFCC00',
      '#FF9900',
      '#FF0000',
    ]);
    expect(classColour(null)).toBe('#B0B0B0');
    expect(className(6)).toBe('劣V');
  });

  it('counts Chongqing national and cross-border sections as the 74, not provincial ones', () => {
    const s = (province: 'CQ' | 'SC', kind: Station['kind']) => ({ province, kind }) as Station;
    expect(isNationalCq(s('CQ', 'national'))).toBe(true);
    expect(isNationalCq(s('CQ', 'cross-border'))).toBe(true);
    expect(isNationalCq(s('CQ', 'provincial'))).toBe(false);
    expect(isNationalCq(s('SC', 'cross-border'))).toBe(false);
  });

  it('formats SLA countdowns', () => {
    expect(formatDuration(90 * 60_000)).toBe('1h 30m');
    expect(formatDuration(-(26 * 60 + 5) * 60_000)).toBe('-1d 2h 05m');
  });
});
