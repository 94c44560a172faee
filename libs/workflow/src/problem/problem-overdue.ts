import type { ProblemState } from './problem-state';

/**
 * Overdue (逾期): a problem past its rectification deadline that has not yet been submitted.
 * Once the jurisdiction has submitted evidence the clock stops, even if a later rejection sends it
 * back: a rejected problem is overdue again only if it is still not resubmitted after the deadline.
 */
const BEFORE_SUBMISSION: readonly ProblemState[] = ['handed_over', 'rectifying'];

export interface DeadlineView {
  state: ProblemState;
  deadline: string | null;
}

export function isOverdue(problem: DeadlineView, now: Date): boolean {
  if (!problem.deadline || !BEFORE_SUBMISSION.includes(problem.state)) return false;
  return Date.parse(problem.deadline) < now.getTime();
}

/** Reminders are events: `due_soon` some days before the deadline, `due` when it passes. */
export type ReminderKind = 'due_soon' | 'due';

export const DEFAULT_REMINDER_LEAD_DAYS = 3;

/**
 * The reminders owed for one problem at `now` (at most one of each kind per deadline; the caller
 * records what it sent keyed by problem, kind and deadline so a poll never repeats one, and a new
 * deadline gets its own reminders).
 */
export function remindersDue(
  problem: DeadlineView,
  now: Date,
  leadDays = DEFAULT_REMINDER_LEAD_DAYS,
): ReminderKind[] {
  if (!problem.deadline || !BEFORE_SUBMISSION.includes(problem.state)) return [];
  const deadline = Date.parse(problem.deadline);
  const due: ReminderKind[] = [];
  if (now.getTime() >= deadline) due.push('due');
  else if (now.getTime() >= deadline - leadDays * 86_400_000) due.push('due_soon');
  return due;
}
