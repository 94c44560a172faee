import type { WaterClass } from '@river/contracts';
import { AssessmentError } from './assessment-error';
import { multiSectionStatus } from './multi-section';

/** n sections: `good` in Class II, `worst` in 劣V, the rest in Class IV. */
function mix(n: number, good: number, worst: number): WaterClass[] {
  return [
    ...Array<WaterClass>(good).fill(2),
    ...Array<WaterClass>(worst).fill(6),
    ...Array<WaterClass>(n - good - worst).fill(4),
  ];
}

describe(multiSectionStatus.name, () => {
  it.each([
    [10, 10, 0, '优'],
    [10, 9, 1, '优'], // exactly 90%
    [10, 8, 0, '良好'],
    [20, 15, 5, '良好'], // exactly 75%
    [20, 14, 3, '轻度污染'], // 70% with 15% 劣V
    [20, 14, 0, '轻度污染'],
    [10, 7, 2, '中度污染'], // exactly 20% 劣V
    [10, 6, 3, '中度污染'],
    [10, 5, 4, '重度污染'], // exactly 40% 劣V, 50% I–III
    [10, 0, 10, '重度污染'],
    [5, 3, 2, '中度污染'], // the rule's gap: exactly 60% and 40%
  ])('%i sections, %i in I–III, %i 劣V → %s', (n, good, worst, status) => {
    const sut = multiSectionStatus(mix(n, good, worst));
    expect(sut.status).toBe(status);
    expect(sut.shareGood).toBeCloseTo(good / n);
    expect(sut.shareWorseThanV).toBeCloseTo(worst / n);
  });

  it('counts sections per class', () => {
    expect(multiSectionStatus([1, 3, 3, 6]).counts).toEqual({ 1: 1, 2: 0, 3: 2, 4: 0, 5: 0, 6: 1 });
  });

  it('rejects an empty list and invalid classes', () => {
    expect(() => multiSectionStatus([])).toThrow(AssessmentError);
    expect(() => multiSectionStatus([7 as WaterClass])).toThrow(AssessmentError);
  });
});
