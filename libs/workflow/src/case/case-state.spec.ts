import {
  allowedActions,
  type CaseCommand,
  type CaseSnapshot,
  type CaseState,
  CaseTransitionError,
  CASE_ACTIONS,
  CASE_STATES,
  transition,
} from './case-state';

const local = (state: CaseState = 'open'): CaseSnapshot => ({
  state,
  joint: false,
  provinces: ['CQ'],
  acknowledgedBy: [],
  closeConfirmedBy: [],
});
const joint = (state: CaseState = 'open'): CaseSnapshot => ({
  state,
  joint: true,
  provinces: ['CQ', 'SC'],
  acknowledgedBy: [],
  closeConfirmedBy: [],
});
const now = new Date('2026-11-23T08:00:00Z');

function command(action: (typeof CASE_ACTIONS)[number]): CaseCommand {
  switch (action) {
    case 'acknowledge':
    case 'close':
      return { action, side: 'CQ' };
    case 'dispatch':
      return {
        action,
        side: 'CQ',
        to: '梁平区生态环境局',
        deadline: new Date(now.getTime() + 86_400_000),
        now,
      };
    case 'resolve':
      return { action, side: 'CQ', cause: 'sewage overflow at 新盛镇', measure: 'pipe repaired' };
    case 'dismiss':
      return { action, side: 'CQ', reason: 'calibration drift' };
    case 'reopen':
      return { action, side: 'CQ', reason: 'exceedance returned' };
  }
}

describe('case state machine', () => {
  const expected: Record<CaseState, Partial<Record<(typeof CASE_ACTIONS)[number], CaseState>>> = {
    open: { acknowledge: 'acknowledged', dismiss: 'dismissed' },
    acknowledged: { dispatch: 'dispatched', resolve: 'resolved', dismiss: 'dismissed' },
    dispatched: { resolve: 'resolved', dismiss: 'dismissed' },
    resolved: { close: 'closed', dismiss: 'dismissed', reopen: 'open' },
    closed: {},
    dismissed: {},
  };

  describe.each(CASE_STATES)('from %s (local case)', (state) => {
    it.each(CASE_ACTIONS)('%s', (action) => {
      const to = expected[state][action];
      if (to) {
        expect(transition(local(state), command(action)).to).toBe(to);
      } else {
        expect(() => transition(local(state), command(action))).toThrow(CaseTransitionError);
        expect(() => transition(local(state), command(action))).toThrow(/cannot/);
      }
    });
  });

  it('allowedActions mirrors the table', () => {
    for (const state of CASE_STATES)
      expect(allowedActions(local(state)).sort()).toEqual(Object.keys(expected[state]).sort());
  });

  it('a joint case stays open after one side acknowledges and waits for the other', () => {
    const one = transition(joint(), { action: 'acknowledge', side: 'SC' });
    expect(one).toMatchObject({ event: 'side_acknowledged', to: 'open', waitingFor: ['CQ'] });
    expect(() => transition(one.snapshot, { action: 'acknowledge', side: 'SC' })).toThrow(
      /already acknowledged/,
    );
    const both = transition(one.snapshot, { action: 'acknowledge', side: 'CQ' });
    expect(both).toMatchObject({ event: 'acknowledged', to: 'acknowledged', waitingFor: [] });
    expect(both.snapshot.acknowledgedBy).toEqual(['SC', 'CQ']);
  });

  it('a joint case closes only when both sides confirm', () => {
    const one = transition(joint('resolved'), { action: 'close', side: 'CQ' });
    expect(one).toMatchObject({ event: 'side_confirmed_close', to: 'resolved', waitingFor: ['SC'] });
    expect(transition(one.snapshot, { action: 'close', side: 'SC' })).toMatchObject({
      event: 'closed',
      to: 'closed',
    });
  });

  it('refuses a province that is not a party to the joint case', () => {
    const other: CaseSnapshot = { ...joint(), provinces: ['CQ'] };
    expect(() => transition(other, { action: 'acknowledge', side: 'SC' })).toThrow(/not a party/);
  });

  it('requires the reason, cause/action, dispatch target and a future deadline', () => {
    expect(() => transition(local(), { action: 'dismiss', side: 'CQ', reason: '  ' })).toThrow(
      /reason is required/,
    );
    expect(() =>
      transition(local('dispatched'), { action: 'resolve', side: 'CQ', cause: 'x', measure: '' }),
    ).toThrow(/action is required/);
    expect(() =>
      transition(local('acknowledged'), { action: 'dispatch', side: 'CQ', to: 'x', deadline: now, now }),
    ).toThrow(/future/);
    expect(() =>
      transition(local('acknowledged'), {
        action: 'dispatch',
        side: 'CQ',
        to: '',
        deadline: new Date(now.getTime() + 1),
        now,
      }),
    ).toThrow(/to is required/);
  });

  it('reopen forgets acknowledgements and close confirmations', () => {
    const resolved: CaseSnapshot = {
      ...joint('resolved'),
      acknowledgedBy: ['CQ', 'SC'],
      closeConfirmedBy: ['CQ'],
      resolution: { cause: 'a', action: 'b' },
    };
    const r = transition(resolved, { action: 'reopen', side: 'system', reason: 'exceedance returned' });
    expect(r.snapshot).toMatchObject({ state: 'open', acknowledgedBy: [], closeConfirmedBy: [] });
    expect(r.snapshot.resolution).toBeUndefined();
  });
});
