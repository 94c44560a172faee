import type { WaterClass } from '@river/contracts';
import { AssessmentError } from './assessment-error';

export interface MultiSectionStatus {
  /** share of sections in Class I–III (0..1) */
  shareGood: number;
  /** share of sections worse than Class V (劣V) (0..1) */
  shareWorseThanV: number;
  status: string;
  counts: Record<WaterClass, number>;
}

/**
 * Status of several sections (a river, a basin, a district), SPEC §2 (评价办法 2011):
 * I–III ≥ 90% 优; 75–90% 良好; < 75% with 劣V < 20% 轻度污染; < 75% with 20% ≤ 劣V < 40% 中度污染;
 * < 60% with 劣V ≥ 40% 重度污染.
 *
 * The thresholds are compared on counts (good × 10 ≥ 9 × n, …) so shares like 0.9 or 0.2 are exact.
 * The rule leaves one gap: exactly 60% I–III and exactly 40% 劣V (e.g. 3 of 5 good, 2 of 5 劣V) is
 * neither 中度 (劣V not < 40%) nor 重度 (I–III not < 60%); we call it 中度污染, since the section mix is
 * not worse than the 重度 condition in both respects.
 */
export function multiSectionStatus(classes: WaterClass[]): MultiSectionStatus {
  if (classes.length === 0) throw new AssessmentError('empty_input', 'at least one section class is needed');
  const counts: Record<WaterClass, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0 };
  for (const cls of classes) {
    if (!(Number.isInteger(cls) && cls >= 1 && cls <= 6)) {
      throw new AssessmentError('invalid_class', `section class must be 1..6 (got ${String(cls)})`);
    }
    counts[cls]++;
  }
  const n = classes.length;
  const good = counts[1] + counts[2] + counts[3];
  const worst = counts[6];
  return { shareGood: good / n, shareWorseThanV: worst / n, status: statusOfCounts(good, worst, n), counts };
}

function statusOfCounts(good: number, worseThanV: number, n: number): string {
  if (good * 10 >= 9 * n) return '优';
  if (good * 4 >= 3 * n) return '良好';
  if (worseThanV * 5 < n) return '轻度污染';
  if (worseThanV * 5 < 2 * n) return '中度污染';
  if (good * 5 < 3 * n) return '重度污染';
  return '中度污染'; // the gap: exactly 60% I–III and 40% 劣V (see above)
}
