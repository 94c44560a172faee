import fc from 'fast-check';
import {
  PROBLEM_ALLOWED_FROM,
  missingVerifications,
  PROBLEM_ACTIONS,
  PROBLEM_STATES,
  ProblemAction,
  ProblemCommand,
  ProblemLifecycle,
  ProblemState,
  transitionProblem,
} from './problem-state';

const now = new Date('2026-10-13T08:00:00Z');
const fresh = (state: ProblemState, extra: Partial<ProblemLifecycle> = {}): ProblemLifecycle => ({
  state,
  deadline: null,
  verifications: [],
  closedAt: null,
  ...extra,
});
const cq = { province: 'CQ' as const, userId: 'u-cq', at: '2026-10-01T00:00:00.000Z' };
const sc = { province: 'SC' as const, userId: 'u-sc', at: '2026-10-02T00:00:00.000Z' };

/** A valid command for each action (what a well-formed request carries). */
const validCommand: Record<ProblemAction, ProblemCommand> = {
  handover: { action: 'handover', deadline: '2026-10-13T15:59:59Z' },
  plan: { action: 'plan', plan: '截污纳管' },
  submit: { action: 'submit', evidence: ['photo://after-1.jpg'] },
  verify: { action: 'verify', province: 'SC', userId: 'u-sc' },
  reject: { action: 'reject', reason: '仍有污水直排' },
  close: { action: 'close' },
};

const expectedTarget: Record<ProblemAction, ProblemState> = {
  handover: 'handed_over',
  plan: 'rectifying',
  submit: 'submitted',
  verify: 'verified',
  reject: 'rectifying',
  close: 'closed',
};

describe('problem life cycle', () => {
  describe('every state × action', () => {
    const cases = PROBLEM_STATES.flatMap((state) =>
      PROBLEM_ACTIONS.map((action) => [state, action] as const),
    );
    it.each(cases)('%s + %s', (state, action) => {
      // close needs both verifications on a joint campaign: give a verified problem both of them
      const problem = fresh(
        state,
        state === 'verified' && action === 'close' ? { verifications: [cq, sc] } : {},
      );
      const command =
        state === 'verified' && action === 'verify'
          ? ({ action: 'verify', province: 'SC', userId: 'u-sc' } as const)
          : validCommand[action];
      const withOneCq =
        state === 'verified' && action === 'verify' ? { ...problem, verifications: [cq] } : problem;
      const result = transitionProblem(withOneCq, command, { joint: true, now });
      if (PROBLEM_ALLOWED_FROM[action].includes(state)) {
        expect(result).toMatchObject({ ok: true, next: { state: expectedTarget[action] } });
      } else {
        expect(result).toMatchObject({ ok: false, code: 'illegal_transition' });
        if (!result.ok) expect(result.message).toContain(`cannot ${action} a problem that is ${state}`);
      }
    });
  });

  it('closed is terminal', () => {
    for (const action of PROBLEM_ACTIONS) {
      expect(transitionProblem(fresh('closed'), validCommand[action], { joint: false, now }).ok).toBe(false);
    }
  });

  it('handover records the deadline, normalised to ISO, and requires one', () => {
    const ok = transitionProblem(
      fresh('found'),
      { action: 'handover', deadline: '2026-10-13T23:59:59+08:00' },
      { joint: true, now },
    );
    expect(ok).toEqual({ ok: true, next: fresh('handed_over', { deadline: '2026-10-13T15:59:59.000Z' }) });
    expect(
      transitionProblem(fresh('found'), { action: 'handover', deadline: '' }, { joint: true, now }),
    ).toMatchObject({
      ok: false,
      code: 'deadline_required',
    });
    expect(
      transitionProblem(fresh('found'), { action: 'handover', deadline: 'soon' }, { joint: true, now }),
    ).toMatchObject({
      ok: false,
      code: 'deadline_required',
    });
  });

  it('plan, submit and reject need their text', () => {
    const ctx = { joint: false, now };
    expect(transitionProblem(fresh('handed_over'), { action: 'plan', plan: '  ' }, ctx)).toMatchObject({
      code: 'plan_required',
    });
    expect(transitionProblem(fresh('rectifying'), { action: 'submit', evidence: [] }, ctx)).toMatchObject({
      code: 'evidence_required',
    });
    expect(transitionProblem(fresh('rectifying'), { action: 'submit', evidence: [' '] }, ctx)).toMatchObject({
      code: 'evidence_required',
    });
    expect(transitionProblem(fresh('submitted'), { action: 'reject', reason: '' }, ctx)).toMatchObject({
      code: 'reason_required',
    });
  });

  describe('joint verification (one standard for both sides)', () => {
    const ctx = { joint: true, now };
    it('the first verification makes the problem verified; the other province adds its own', () => {
      const first = transitionProblem(
        fresh('submitted'),
        { action: 'verify', province: 'CQ', userId: 'u-cq' },
        ctx,
      );
      expect(first).toMatchObject({ ok: true, next: { state: 'verified' } });
      if (!first.ok) throw new Error('unreachable');
      expect(first.next.verifications).toEqual([{ province: 'CQ', userId: 'u-cq', at: now.toISOString() }]);
      expect(missingVerifications(first.next, true)).toEqual(['SC']);
      const second = transitionProblem(first.next, { action: 'verify', province: 'SC', userId: 'u-sc' }, ctx);
      expect(second).toMatchObject({ ok: true, next: { state: 'verified' } });
      if (!second.ok) throw new Error('unreachable');
      expect(second.next.verifications.map((v) => v.province)).toEqual(['CQ', 'SC']);
      expect(missingVerifications(second.next, true)).toEqual([]);
    });

    it('the same province cannot verify twice', () => {
      const once = fresh('verified', { verifications: [cq] });
      expect(
        transitionProblem(once, { action: 'verify', province: 'CQ', userId: 'other' }, ctx),
      ).toMatchObject({
        ok: false,
        code: 'already_verified_by_province',
      });
    });

    it('close is refused until both provinces verified', () => {
      const once = fresh('verified', { verifications: [sc] });
      const refused = transitionProblem(once, { action: 'close' }, ctx);
      expect(refused).toMatchObject({ ok: false, code: 'verification_missing' });
      if (!refused.ok) expect(refused.message).toContain('CQ');
      const closed = transitionProblem(
        fresh('verified', { verifications: [sc, cq] }),
        { action: 'close' },
        ctx,
      );
      expect(closed).toMatchObject({ ok: true, next: { state: 'closed', closedAt: now.toISOString() } });
    });

    it('a rejection (from submitted or verified) wipes the verifications and returns to rectifying', () => {
      for (const state of ['submitted', 'verified'] as const) {
        const result = transitionProblem(fresh(state, { verifications: [cq] }), validCommand.reject, ctx);
        expect(result).toEqual({ ok: true, next: fresh('rectifying', { verifications: [] }) });
      }
    });
  });

  describe('single-province campaign', () => {
    const ctx = { joint: false, now };
    it('one verification suffices to close, a second is refused', () => {
      const verified = transitionProblem(
        fresh('submitted'),
        { action: 'verify', province: 'CQ', userId: 'u' },
        ctx,
      );
      if (!verified.ok) throw new Error(verified.message);
      expect(transitionProblem(verified.next, { action: 'close' }, ctx)).toMatchObject({ ok: true });
      expect(
        transitionProblem(verified.next, { action: 'verify', province: 'SC', userId: 'v' }, ctx),
      ).toMatchObject({
        ok: false,
        code: 'illegal_transition',
      });
    });
    it('an unverified problem cannot close even if its state says verified', () => {
      expect(transitionProblem(fresh('verified'), { action: 'close' }, ctx)).toMatchObject({
        code: 'verification_missing',
      });
    });
  });

  it('property: any command sequence keeps invariants (closed only with the required verifications, never mutates)', () => {
    const command = fc.oneof(
      fc.constant(validCommand.handover),
      fc.constant(validCommand.plan),
      fc.constant(validCommand.submit),
      fc
        .constantFrom('CQ', 'SC')
        .map((p) => ({ action: 'verify', province: p, userId: p }) as ProblemCommand),
      fc.constant(validCommand.reject),
      fc.constant(validCommand.close),
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(command, { maxLength: 30 }), (joint, commands) => {
        let problem = fresh('found');
        for (const c of commands) {
          const before = JSON.stringify(problem);
          const result = transitionProblem(problem, c, { joint, now });
          expect(JSON.stringify(problem)).toBe(before);
          if (result.ok) problem = result.next;
          expect(new Set(problem.verifications.map((v) => v.province)).size).toBe(
            problem.verifications.length,
          );
          if (problem.state === 'closed') expect(missingVerifications(problem, joint)).toEqual([]);
          if (['found', 'handed_over', 'rectifying', 'submitted'].includes(problem.state))
            expect(problem.verifications).toEqual([]);
        }
      }),
    );
  });
});
