import { isOverdue } from './problem-overdue';
import { PROBLEM_STATES, ProblemProvince, ProblemState } from './problem-state';

export interface ProgressItem {
  state: ProblemState;
  deadline: string | null;
  province: ProblemProvince;
  district: string;
}

export interface Progress {
  total: number;
  byState: Record<ProblemState, number>;
  closed: number;
  /** share closed (销号率), 0–100 with one decimal; 0 for an empty list */
  percentClosed: number;
  overdue: number;
}

export interface JurisdictionProgress extends Progress {
  province: ProblemProvince;
  district: string;
}

function emptyByState(): Record<ProblemState, number> {
  return Object.fromEntries(PROBLEM_STATES.map((s) => [s, 0])) as Record<ProblemState, number>;
}

export function progressOf(items: readonly ProgressItem[], now: Date): Progress {
  const byState = emptyByState();
  let overdue = 0;
  for (const item of items) {
    byState[item.state] += 1;
    if (isOverdue(item, now)) overdue += 1;
  }
  const closed = byState.closed;
  const percentClosed = items.length === 0 ? 0 : Math.round((closed / items.length) * 1000) / 10;
  return { total: items.length, byState, closed, percentClosed, overdue };
}

/** The "19+15" split: one progress line per responsible jurisdiction, CQ first, then by district name. */
export function progressByJurisdiction(items: readonly ProgressItem[], now: Date): JurisdictionProgress[] {
  const groups = new Map<string, ProgressItem[]>();
  for (const item of items) {
    const key = `${item.province}\u0000${item.district}`;
    const group = groups.get(key) ?? [];
    group.push(item);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) => ({ province: group[0].province, district: group[0].district, ...progressOf(group, now) }))
    .sort(
      (a, b) => a.province.localeCompare(b.province) || a.district.localeCompare(b.district, 'zh-Hans-CN'),
    );
}
