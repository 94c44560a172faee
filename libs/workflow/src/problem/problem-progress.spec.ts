import { isOverdue, remindersDue } from './problem-overdue';
import { progressByJurisdiction, progressOf, ProgressItem } from './problem-progress';
import { PROBLEM_STATES, ProblemState } from './problem-state';

const now = new Date('2026-10-14T00:00:00Z');
const past = '2026-10-13T15:59:59.000Z';
const future = '2026-10-20T15:59:59.000Z';

describe('overdue', () => {
  it.each(PROBLEM_STATES)('%s past its deadline', (state) => {
    expect(isOverdue({ state, deadline: past }, now)).toBe(state === 'handed_over' || state === 'rectifying');
  });
  it('not overdue before the deadline, at it exactly, or without one', () => {
    expect(isOverdue({ state: 'rectifying', deadline: future }, now)).toBe(false);
    expect(isOverdue({ state: 'rectifying', deadline: now.toISOString() }, now)).toBe(false);
    expect(isOverdue({ state: 'found', deadline: null }, now)).toBe(false);
  });
});

describe('reminders', () => {
  const deadline = '2026-10-13T16:00:00.000Z';
  const at = (iso: string) => new Date(iso);
  it('nothing long before, due_soon within the lead time, due at and after the deadline', () => {
    expect(remindersDue({ state: 'handed_over', deadline }, at('2026-10-10T15:59:59Z'))).toEqual([]);
    expect(remindersDue({ state: 'handed_over', deadline }, at('2026-10-10T16:00:00Z'))).toEqual([
      'due_soon',
    ]);
    expect(remindersDue({ state: 'rectifying', deadline }, at('2026-10-13T15:59:59Z'))).toEqual(['due_soon']);
    expect(remindersDue({ state: 'rectifying', deadline }, at('2026-10-13T16:00:00Z'))).toEqual(['due']);
    expect(remindersDue({ state: 'rectifying', deadline }, at('2026-11-13T16:00:00Z'))).toEqual(['due']);
  });
  it('none once submitted or before handover; lead time is configurable', () => {
    for (const state of ['found', 'submitted', 'verified', 'closed'] as const)
      expect(remindersDue({ state, deadline }, at('2026-10-14T00:00:00Z'))).toEqual([]);
    expect(remindersDue({ state: 'handed_over', deadline }, at('2026-10-06T16:00:00Z'), 7)).toEqual([
      'due_soon',
    ]);
  });
});

describe('progress', () => {
  const item = (state: ProblemState, district: string, deadline: string | null = future): ProgressItem => ({
    state,
    deadline,
    province: district === '梁平区' ? 'CQ' : 'SC',
    district,
  });

  it('counts by state, closed share and overdue', () => {
    const items = [
      item('closed', '梁平区'),
      item('closed', '梁平区'),
      item('rectifying', '梁平区', past),
      item('submitted', '开江县', past),
      item('handed_over', '开江县'),
      item('found', '开江县', null),
    ];
    const progress = progressOf(items, now);
    expect(progress).toEqual({
      total: 6,
      byState: { found: 1, handed_over: 1, rectifying: 1, submitted: 1, verified: 0, closed: 2 },
      closed: 2,
      percentClosed: 33.3,
      overdue: 1,
    });
    const split = progressByJurisdiction(items, now);
    expect(split.map((p) => [p.province, p.district, p.total, p.closed, p.overdue])).toEqual([
      ['CQ', '梁平区', 3, 2, 1],
      ['SC', '开江县', 3, 0, 0],
    ]);
    expect(split[0].percentClosed).toBe(66.7);
  });

  it('an empty list is 0% closed', () => {
    expect(progressOf([], now)).toMatchObject({ total: 0, percentClosed: 0, overdue: 0 });
    expect(progressByJurisdiction([], now)).toEqual([]);
  });
});
