import { addClassChanges, classChangesOf, type ReplayReport, reportTable, seriesSvg } from './replay-report';

const ts = (h: number) => new Date(Date.UTC(2026, 10, 1, h));

describe('replay report', () => {
  it('counts samples, compared and changed classes per station', () => {
    const counters: Record<string, [number, number, number]> = {};
    const live = new Map<string, number | null>([
      [`A|${ts(0).getTime()}`, 3],
      [`A|${ts(4).getTime()}`, 4],
      [`B|${ts(0).getTime()}`, null],
    ]);
    addClassChanges(
      counters,
      [
        { station: 'A', ts: ts(0), overall: 3 },
        { station: 'A', ts: ts(4), overall: 3 },
        { station: 'A', ts: ts(8), overall: 3 },
        { station: 'B', ts: ts(0) },
      ],
      live,
    );
    expect(classChangesOf(counters)).toEqual([
      { station: 'A', samples: 3, compared: 2, changed: 1 },
      { station: 'B', samples: 1, compared: 1, changed: 0 },
    ]);
  });

  it('renders a readable table', () => {
    const report: ReplayReport = {
      id: '7',
      target: 'sandbox',
      state: 'completed',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
      stations: ['CQ-LMQ'],
      ruleSet: 'strict',
      messagesReplayed: 12,
      readingsWritten: 36,
      samplesWritten: 12,
      deadLetters: { total: 1, byReason: { unknown_station: 1 } },
      classChanges: [{ station: 'CQ-LMQ', samples: 12, compared: 12, changed: 0 }],
      cases: {
        opened: [
          {
            station: 'CQ-LMQ',
            episode: 'pollution',
            rules: ['sustained_exceedance'],
            openedAt: '2026-11-01T08:00:00.000Z',
            matchesLive: false,
            wouldClose: true,
          },
        ],
        wouldOpen: 1,
        extra: 1,
        wouldClose: 1,
      },
      mqtt: null,
      durationSeconds: 1.2,
    };
    const text = reportTable(report);
    expect(text).toContain('messages     12');
    expect(text).toContain('dead letters 1 (unknown_station 1)');
    expect(text).toMatch(/CQ-LMQ\s+12\s+12\s+0/);
    expect(text).toMatch(/CQ-LMQ\s+pollution\s+sustained_exceedance\s+2026-11-01T08:00:00.000Z\s+NO\s+yes/);
    expect(text).toContain('1 would open (1 not in live), 1 would close');
  });

  it('draws one polyline per series, and says when there is no data', () => {
    const svg = seriesSvg('CQ-LMQ nh3n', [
      {
        label: 'live',
        color: '#06c',
        points: [
          { ts: ts(0), value: 1 },
          { ts: ts(4), value: 2 },
        ],
      },
      { label: 'replay', color: '#c60', points: [{ ts: ts(0), value: 1 }] },
    ]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('— live (2)');
    expect(seriesSvg('x <y>', [])).toContain('no data');
    expect(seriesSvg('x <y>', [])).toContain('x &lt;y&gt;');
  });
});
