/**
 * River chief cases (SPEC §6): the pure life cycle.
 *
 *   open → acknowledged → dispatched (to a district/department, deadline) → resolved (cause, action) → closed
 *   dismiss (reason): any state before closed → dismissed
 *   reopen: resolved → open (the exceedance returned, or a chief is not satisfied)
 *
 * Decisions (SPEC leaves them open):
 * - Joint cases (联合): acknowledgement and close confirmation are recorded per province. The case is
 *   `acknowledged` only when every involved province has acknowledged and `closed` only when every one
 *   has confirmed; until then it stays `open` / `resolved` and the timeline shows who is still missing.
 *   The same side acknowledging or confirming twice is refused (it would hide the missing side).
 * - `resolve` is allowed from `acknowledged` too: a chief may fix a case without dispatching it.
 * - `reopen` goes back to `open` and forgets acknowledgements and close confirmations: the returned
 *   exceedance needs attention (and the ack SLA) again from both sides.
 * - `dismiss` by either side of a joint case ends it (false alarm, instrument fault); the reason is kept.
 * Who may act is decided by the identity policy (canActOnCase); this file only knows which moves are legal.
 */
export const CASE_STATES = ['open', 'acknowledged', 'dispatched', 'resolved', 'closed', 'dismissed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_ACTIONS = ['acknowledge', 'dispatch', 'resolve', 'close', 'dismiss', 'reopen'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** States in which a case is still live (the database allows one live case per station and episode). */
export const LIVE_CASE_STATES: readonly CaseState[] = ['open', 'acknowledged', 'dispatched', 'resolved'];

export type CaseSide = 'CQ' | 'SC';

export interface CaseSnapshot {
  state: CaseState;
  joint: boolean;
  /** provinces whose river chiefs share the case (one for a local case) */
  provinces: CaseSide[];
  acknowledgedBy: CaseSide[];
  closeConfirmedBy: CaseSide[];
  dispatch?: { to: string; deadline: string };
  resolution?: { cause: string; action: string };
  dismissReason?: string;
}

export type CaseCommand =
  | { action: 'acknowledge'; side: CaseSide }
  | { action: 'dispatch'; side: CaseSide; to: string; deadline: Date; now: Date }
  | { action: 'resolve'; side: CaseSide; cause: string; measure: string }
  | { action: 'close'; side: CaseSide }
  | { action: 'dismiss'; side: CaseSide; reason: string }
  | { action: 'reopen'; side: CaseSide | 'system'; reason: string };

/** What the timeline records for an accepted command. */
export type CaseEventKind =
  | 'acknowledged'
  | 'side_acknowledged'
  | 'dispatched'
  | 'resolved'
  | 'closed'
  | 'side_confirmed_close'
  | 'dismissed'
  | 'reopened';

export interface TransitionResult {
  snapshot: CaseSnapshot;
  event: CaseEventKind;
  from: CaseState;
  to: CaseState;
  /** joint cases: sides still to acknowledge / confirm */
  waitingFor: CaseSide[];
}

/** A refused move, with a stable code and a message a chief can act on. */
export class CaseTransitionError extends Error {
  constructor(
    readonly code: 'illegal_transition' | 'already_done_by_side' | 'not_a_party' | 'missing_field',
    message: string,
  ) {
    super(message);
    this.name = 'CaseTransitionError';
  }
}

const ALLOWED_FROM: Record<CaseAction, readonly CaseState[]> = {
  acknowledge: ['open'],
  dispatch: ['acknowledged'],
  resolve: ['acknowledged', 'dispatched'],
  close: ['resolved'],
  dismiss: ['open', 'acknowledged', 'dispatched', 'resolved'],
  reopen: ['resolved'],
};

/** Which actions the case allows now (for the API to show buttons). */
export function allowedActions(snapshot: CaseSnapshot): CaseAction[] {
  return CASE_ACTIONS.filter((a) => ALLOWED_FROM[a].includes(snapshot.state));
}

export function transition(snapshot: CaseSnapshot, command: CaseCommand): TransitionResult {
  const from = snapshot.state;
  if (!ALLOWED_FROM[command.action].includes(from)) {
    throw new CaseTransitionError(
      'illegal_transition',
      `cannot ${command.action} a case that is ${from} (allowed from: ${ALLOWED_FROM[command.action].join(', ')})`,
    );
  }
  const side = command.side;
  if (side !== 'system' && snapshot.joint && !snapshot.provinces.includes(side)) {
    throw new CaseTransitionError(
      'not_a_party',
      `${side} is not a party to this joint case (${snapshot.provinces.join(', ')})`,
    );
  }
  const done = (next: CaseSnapshot, event: CaseEventKind, waitingFor: CaseSide[] = []): TransitionResult => ({
    snapshot: next,
    event,
    from,
    to: next.state,
    waitingFor,
  });

  switch (command.action) {
    case 'acknowledge': {
      const ack = recordSide(snapshot.acknowledgedBy, command.side, 'acknowledged');
      const waiting = missing(snapshot, ack);
      if (waiting.length) return done({ ...snapshot, acknowledgedBy: ack }, 'side_acknowledged', waiting);
      return done({ ...snapshot, acknowledgedBy: ack, state: 'acknowledged' }, 'acknowledged');
    }
    case 'dispatch': {
      requireText(command.to, 'to');
      if (!(command.deadline.getTime() > command.now.getTime())) {
        throw new CaseTransitionError('missing_field', 'the dispatch deadline must be in the future');
      }
      return done(
        {
          ...snapshot,
          state: 'dispatched',
          dispatch: { to: command.to, deadline: command.deadline.toISOString() },
        },
        'dispatched',
      );
    }
    case 'resolve':
      requireText(command.cause, 'cause');
      requireText(command.measure, 'action');
      return done(
        { ...snapshot, state: 'resolved', resolution: { cause: command.cause, action: command.measure } },
        'resolved',
      );
    case 'close': {
      const confirmed = recordSide(snapshot.closeConfirmedBy, command.side, 'confirmed the close');
      const waiting = missing(snapshot, confirmed);
      if (waiting.length)
        return done({ ...snapshot, closeConfirmedBy: confirmed }, 'side_confirmed_close', waiting);
      return done({ ...snapshot, closeConfirmedBy: confirmed, state: 'closed' }, 'closed');
    }
    case 'dismiss':
      requireText(command.reason, 'reason');
      return done({ ...snapshot, state: 'dismissed', dismissReason: command.reason }, 'dismissed');
    case 'reopen':
      requireText(command.reason, 'reason');
      return done(
        { ...snapshot, state: 'open', acknowledgedBy: [], closeConfirmedBy: [], resolution: undefined },
        'reopened',
      );
  }
}

function recordSide(sides: CaseSide[], side: CaseSide, what: string): CaseSide[] {
  if (sides.includes(side))
    throw new CaseTransitionError(
      'already_done_by_side',
      `${side} has already ${what}; waiting for the other side`,
    );
  return [...sides, side];
}

/** A local case needs one side; a joint one every involved province. */
function missing(snapshot: CaseSnapshot, done: CaseSide[]): CaseSide[] {
  if (!snapshot.joint) return [];
  return snapshot.provinces.filter((p) => !done.includes(p));
}

function requireText(value: string | undefined, field: string): void {
  if (!value || !value.trim()) throw new CaseTransitionError('missing_field', `${field} is required`);
}

/** Chinese state names as a river chief office prints them. */
export const CASE_STATE_LABELS: Record<CaseState, string> = {
  open: '待签收',
  acknowledged: '已签收',
  dispatched: '已交办',
  resolved: '已处置',
  closed: '已办结',
  dismissed: '已撤销',
};
