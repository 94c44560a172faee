import { nextEscalation, nextLevel } from './escalation';

describe('escalation', () => {
  const openedAt = new Date('2026-11-23T00:00:00Z');
  const min = (m: number) => new Date(openedAt.getTime() + m * 60_000);

  it('climbs township → district → city → province and stops', () => {
    expect(nextLevel('township')).toBe('district');
    expect(nextLevel('city')).toBe('province');
    expect(nextLevel('province')).toBeUndefined();
  });

  it('an open case is due one SLA after opening, then one SLA after each escalation', () => {
    expect(nextEscalation({ state: 'open', openedAt, level: 'district', ackSlaMinutes: 120 })).toEqual({
      due: min(120),
      reason: 'ack_sla',
    });
    expect(
      nextEscalation({
        state: 'open',
        openedAt,
        lastEscalatedAt: min(120),
        level: 'city',
        ackSlaMinutes: 120,
      })?.due,
    ).toEqual(min(240));
    expect(
      nextEscalation({ state: 'open', openedAt, level: 'province', ackSlaMinutes: 120 }),
    ).toBeUndefined();
  });

  it('a dispatched case is due at its deadline, then every SLA', () => {
    const deadline = min(600);
    expect(
      nextEscalation({
        state: 'dispatched',
        openedAt,
        level: 'district',
        dispatchDeadline: deadline,
        ackSlaMinutes: 120,
      }),
    ).toEqual({ due: deadline, reason: 'dispatch_overdue' });
    expect(
      nextEscalation({
        state: 'dispatched',
        openedAt,
        lastEscalatedAt: min(601),
        level: 'city',
        dispatchDeadline: deadline,
        ackSlaMinutes: 120,
      })?.due,
    ).toEqual(min(721));
  });

  it('acknowledged, resolved, closed and dismissed cases never escalate', () => {
    for (const state of ['acknowledged', 'resolved', 'closed', 'dismissed'] as const) {
      expect(nextEscalation({ state, openedAt, level: 'township', ackSlaMinutes: 1 })).toBeUndefined();
    }
  });
});
