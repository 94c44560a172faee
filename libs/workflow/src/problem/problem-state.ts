/**
 * Joint inspection problems (联动督察问题清单, SPEC §7): the pure life cycle.
 *
 *   found → handed_over (交办, deadline) → rectifying (整改, plan) → submitted (evidence)
 *         → verified (核查) → closed (销号)
 *   reject: submitted | verified → rectifying (reason), clearing every verification recorded so far.
 *
 * Decisions (documented here because SPEC leaves them open):
 * - Verification is recorded per province. The first verification moves `submitted` → `verified`;
 *   on a joint campaign the other province's inspector then records theirs on the `verified` problem
 *   (verified → verified). `close` needs a verification from every required province: both CQ and SC
 *   on a joint campaign ("one standard for both sides"), any one otherwise.
 * - `reject` is allowed from `verified` as well as `submitted` as long as the problem is not closed:
 *   on a joint campaign the second side must be able to refuse what the first side accepted.
 *   A rejection wipes the recorded verifications, so the next submission is checked afresh by both.
 * - Who may act (jurisdiction officers, campaign inspectors) is decided by the identity policy; this
 *   file only knows which moves are legal and what they change.
 */
export const PROBLEM_STATES = [
  'found',
  'handed_over',
  'rectifying',
  'submitted',
  'verified',
  'closed',
] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];

export const PROBLEM_ACTIONS = ['handover', 'plan', 'submit', 'verify', 'reject', 'close'] as const;
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number];

export const PROBLEM_PROVINCES = ['CQ', 'SC'] as const;
export type ProblemProvince = (typeof PROBLEM_PROVINCES)[number];

/** Chinese state names as an official list prints them. */
export const PROBLEM_STATE_LABELS: Record<ProblemState, string> = {
  found: '已发现',
  handed_over: '已交办',
  rectifying: '整改中',
  submitted: '已提交',
  verified: '已核查',
  closed: '已销号',
};

export interface ProblemVerification {
  province: ProblemProvince;
  userId: string;
  at: string;
}

/** What the state machine needs to know about a problem. */
export interface ProblemLifecycle {
  state: ProblemState;
  /** ISO date-time of the rectification deadline (set at handover) */
  deadline: string | null;
  verifications: ProblemVerification[];
  closedAt: string | null;
}

export type ProblemCommand =
  | { action: 'handover'; deadline: string; note?: string }
  | { action: 'plan'; plan: string }
  | { action: 'submit'; evidence: string[]; note?: string }
  | { action: 'verify'; province: ProblemProvince; userId: string; note?: string }
  | { action: 'reject'; reason: string }
  | { action: 'close'; note?: string };

export interface ProblemTransitionContext {
  /** joint campaign: closing needs both provinces' verification */
  joint: boolean;
  now: Date;
}

export type ProblemTransitionErrorCode =
  | 'illegal_transition'
  | 'deadline_required'
  | 'plan_required'
  | 'evidence_required'
  | 'reason_required'
  | 'already_verified_by_province'
  | 'verification_missing';

export type ProblemTransitionResult =
  { ok: true; next: ProblemLifecycle } | { ok: false; code: ProblemTransitionErrorCode; message: string };

/** From which states each action may start. */
export const PROBLEM_ALLOWED_FROM: Record<ProblemAction, readonly ProblemState[]> = {
  handover: ['found'],
  plan: ['handed_over'],
  submit: ['rectifying'],
  verify: ['submitted', 'verified'],
  reject: ['submitted', 'verified'],
  close: ['verified'],
};

/** Provinces whose verification is still missing before the problem can be closed. */
export function missingVerifications(problem: ProblemLifecycle, joint: boolean): ProblemProvince[] {
  if (!joint) return problem.verifications.length > 0 ? [] : [...PROBLEM_PROVINCES];
  return PROBLEM_PROVINCES.filter((p) => !problem.verifications.some((v) => v.province === p));
}

const fail = (code: ProblemTransitionErrorCode, message: string): ProblemTransitionResult => ({
  ok: false,
  code,
  message,
});
const blank = (text: string | undefined) => !text || text.trim().length === 0;

/** Applies one command; never mutates its input. */
export function transitionProblem(
  problem: ProblemLifecycle,
  command: ProblemCommand,
  ctx: ProblemTransitionContext,
): ProblemTransitionResult {
  const from = PROBLEM_ALLOWED_FROM[command.action];
  if (!from.includes(problem.state)) {
    return fail(
      'illegal_transition',
      `cannot ${command.action} a problem that is ${problem.state} (allowed from: ${from.join(', ')})`,
    );
  }
  switch (command.action) {
    case 'handover': {
      const deadline = Date.parse(command.deadline ?? '');
      if (blank(command.deadline) || Number.isNaN(deadline))
        return fail('deadline_required', 'a handover needs a rectification deadline (整改时限)');
      return {
        ok: true,
        next: { ...problem, state: 'handed_over', deadline: new Date(deadline).toISOString() },
      };
    }
    case 'plan':
      if (blank(command.plan)) return fail('plan_required', 'a rectification plan (整改方案) is required');
      return { ok: true, next: { ...problem, state: 'rectifying' } };
    case 'submit':
      if (!command.evidence?.some((e) => !blank(e)))
        return fail('evidence_required', 'submitting needs at least one piece of rectification evidence');
      return { ok: true, next: { ...problem, state: 'submitted' } };
    case 'verify': {
      if (problem.verifications.some((v) => v.province === command.province))
        return fail('already_verified_by_province', `${command.province} has already verified this problem`);
      if (problem.state === 'verified' && !ctx.joint)
        return fail('illegal_transition', 'this problem is already verified; close it or reject it');
      const verification: ProblemVerification = {
        province: command.province,
        userId: command.userId,
        at: ctx.now.toISOString(),
      };
      return {
        ok: true,
        next: { ...problem, state: 'verified', verifications: [...problem.verifications, verification] },
      };
    }
    case 'reject':
      if (blank(command.reason)) return fail('reason_required', 'a rejection needs a reason');
      return { ok: true, next: { ...problem, state: 'rectifying', verifications: [] } };
    case 'close': {
      const missing = missingVerifications(problem, ctx.joint);
      if (missing.length > 0)
        return fail(
          'verification_missing',
          `closing a joint problem needs verification by ${missing.join(' and ')}`,
        );
      return { ok: true, next: { ...problem, state: 'closed', closedAt: ctx.now.toISOString() } };
    }
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}
