import { assess } from './assess';
import { AssessmentError } from './assessment-error';

describe(assess.name, () => {
  it('grades a river sample single-factor, explains each item and lists absent and ungraded items', () => {
    const sut = assess({
      waterBody: 'river',
      values: { ph: 7.2, do: 4, nh3n: 1.8, tp: 0.3, codmn: 5, temp: 12, tn: 3, cond: 450 },
      targetClass: 3,
    });
    expect(sut.classes).toEqual({ ph: 1, do: 4, nh3n: 5, tp: 4, codmn: 3 });
    expect(sut.overall).toBe(5);
    expect(sut.status).toBe('中度污染');
    expect(sut.compliant).toBe(false);
    expect(sut.exceedance).toEqual({ nh3n: 0.8, tp: 0.5 });
    expect(sut.primary).toEqual(['nh3n', 'tp', 'do']);
    expect(sut.notGraded).toEqual(['temp', 'tn', 'cond']);
    expect(sut.absent).toHaveLength(16);
    expect(sut.absent).toContain('cod');
    expect(sut.absent).not.toContain('tn');
    expect(sut.explanation.map((e) => e.item)).toEqual(['ph', 'do', 'nh3n', 'tp', 'codmn']);
  });

  it('explains the limit met, the better limit missed and the exceedance', () => {
    const { explanation } = assess({ waterBody: 'river', values: { nh3n: 1.8, tp: 0.2, ph: 9.5, do: 1.5 } });
    const byItem = Object.fromEntries(explanation.map((e) => [e.item, e]));
    expect(byItem.nh3n).toMatchObject({
      value: 1.8,
      unit: 'mg/L',
      class: 5,
      limit: 2.0,
      limitClass: 5,
      comparison: '<=',
      met: true,
      betterLimit: 1.5,
      exceedance: 0.8,
    });
    expect(byItem.tp).toMatchObject({ class: 3, limit: 0.2, limitClass: 3, met: true, betterLimit: 0.1 });
    expect(byItem.tp.exceedance).toBeUndefined();
    expect(byItem.ph).toMatchObject({ class: 6, comparison: 'range', range: [6, 9], met: false });
    expect(byItem.do).toMatchObject({ class: 6, limit: 2, limitClass: 5, comparison: '>=', met: false });
    expect(byItem.do.note).toContain('劣V');
  });

  it('uses the lake limits for total phosphorus and grades total nitrogen in lakes', () => {
    const sut = assess({ waterBody: 'lake', values: { tp: 0.08, tn: 1.2 }, targetClass: 4 });
    expect(sut.classes).toEqual({ tp: 4, tn: 4 });
    expect(sut.compliant).toBe(true);
    expect(sut.absent).toHaveLength(20);
    expect(sut.notGraded).toEqual([]);
  });

  it('has no primary pollutants while the section meets Class III', () => {
    const sut = assess({
      waterBody: 'river',
      values: { ph: 7, do: 6.5, nh3n: 0.9, tp: 0.15 },
      targetClass: 2,
    });
    expect(sut.overall).toBe(3);
    expect(sut.status).toBe('良好');
    expect(sut.primary).toEqual([]);
    expect(sut.exceedance).toEqual({});
    expect(sut.compliant).toBe(false);
  });

  it('orders primary pollutants worst class first, ties by the larger multiple, at most three', () => {
    const sut = assess({
      waterBody: 'river',
      // 劣V: nh3n 1.5×, tp 1.5× (equal: input order); V: bod5 1×; IV: cod 0.45×, codmn 0.33×
      values: { codmn: 8, cod: 29, nh3n: 2.5, tp: 0.5, bod5: 8 },
    });
    expect(sut.classes).toEqual({ codmn: 4, cod: 4, nh3n: 6, tp: 6, bod5: 5 });
    expect(sut.exceedance).toEqual({ codmn: 0.33, cod: 0.45, nh3n: 1.5, tp: 1.5, bod5: 1 });
    expect(sut.primary).toEqual(['nh3n', 'tp', 'bod5']);
  });

  it('breaks a tie within a class by the larger exceedance multiple', () => {
    const sut = assess({ waterBody: 'river', values: { codmn: 7, cod: 29 } });
    expect(sut.primary).toEqual(['cod', 'codmn']);
  });

  it('puts DO (no multiple) after items with a multiple in the same class', () => {
    const sut = assess({ waterBody: 'river', values: { do: 4, nh3n: 1.2 } });
    expect(sut.primary).toEqual(['nh3n', 'do']);
  });

  it('has no overall class, status or compliance when nothing gradable was given', () => {
    const sut = assess({ waterBody: 'river', values: { temp: 18, turb: 30 }, targetClass: 3 });
    expect(sut.overall).toBeUndefined();
    expect(sut.status).toBeUndefined();
    expect(sut.compliant).toBeUndefined();
    expect(sut.notGraded).toEqual(['temp', 'turb']);
    expect(sut.absent).toHaveLength(21);
  });

  it('complies when the class equals the target', () => {
    expect(assess({ waterBody: 'river', values: { nh3n: 1.0 }, targetClass: 3 }).compliant).toBe(true);
  });

  it.each([
    [{ nh3n: -1 }, 'negative_value', 'nh3n'],
    [{ nh3n: 0.5, tp: NaN }, 'non_finite_value', 'tp'],
    [{ x: 1 }, 'unknown_parameter', 'x'],
  ])('rejects %j with %s', (values, code, item) => {
    expect(() => assess({ waterBody: 'river', values })).toThrow(AssessmentError);
    expect(() => assess({ waterBody: 'river', values })).toThrow(expect.objectContaining({ code, item }));
  });

  it.each([0, 6, 2.5])('rejects target class %d', (targetClass) => {
    expect(() =>
      assess({ waterBody: 'river', values: { ph: 7 }, targetClass: targetClass as never }),
    ).toThrow(expect.objectContaining({ code: 'invalid_class' }));
  });
});
