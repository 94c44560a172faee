import { assessPeriod } from './aggregate';
import { AssessmentError } from './assessment-error';

describe(assessPeriod.name, () => {
  it('averages per day first, so a day with many readings weighs the same as a day with few', () => {
    const readings = [
      // 22 Nov (UTC+8): six hourly readings at 2.0
      ...[0, 1, 2, 3, 4, 5].map((h) => ({ ts: `2026-11-22T0${h}:00:00+08:00`, values: { nh3n: 2.0 } })),
      // 23 Nov: one reading at 0.4
      { ts: '2026-11-23T08:00:00+08:00', values: { nh3n: 0.4 } },
    ];
    const sut = assessPeriod(readings, { waterBody: 'river', targetClass: 3 });
    expect(sut.days).toEqual([
      { date: '2026-11-22', means: { nh3n: 2 }, counts: { nh3n: 6 } },
      { date: '2026-11-23', means: { nh3n: 0.4 }, counts: { nh3n: 1 } },
    ]);
    expect(sut.months).toHaveLength(1);
    expect(sut.months[0]).toMatchObject({ month: '2026-11', means: { nh3n: 1.2 }, days: { nh3n: 2 } });
    expect(sut.months[0].assessment.classes).toEqual({ nh3n: 4 });
    expect(sut.assessment.overall).toBe(4);
    expect(sut.assessment.compliant).toBe(false);
    expect(sut.readings).toBe(7);
  });

  it('uses local calendar days (UTC+8 by default)', () => {
    const readings = [
      { ts: '2026-11-22T15:30:00Z', values: { ph: 7 } }, // 23:30 local on the 22nd
      { ts: '2026-11-22T16:30:00Z', values: { ph: 8 } }, // 00:30 local on the 23rd
    ];
    expect(assessPeriod(readings, { waterBody: 'river' }).days.map((d) => d.date)).toEqual([
      '2026-11-22',
      '2026-11-23',
    ]);
    expect(
      assessPeriod(readings, { waterBody: 'river', utcOffsetMinutes: 0 }).days.map((d) => d.date),
    ).toEqual(['2026-11-22']);
  });

  it('includes pH and DO as arithmetic means and grades on them', () => {
    const readings = [
      { ts: new Date('2026-11-01T00:00:00Z'), values: { ph: 5.8, do: 6 } },
      { ts: new Date('2026-11-01T04:00:00Z'), values: { ph: 6.4, do: 4 } },
    ];
    const sut = assessPeriod(readings, { waterBody: 'river' });
    expect(sut.means).toEqual({ ph: 6.1, do: 5 });
    expect(sut.assessment.classes).toEqual({ ph: 1, do: 3 });
  });

  it('does not let summation noise push a mean equal to a limit over it', () => {
    const readings = [0, 1, 2].map((h) => ({ ts: `2026-11-01T0${h}:00:00+08:00`, values: { tp: 0.2 } }));
    const sut = assessPeriod(readings, { waterBody: 'river' });
    expect(sut.means.tp).toBe(0.2);
    expect(sut.assessment.classes.tp).toBe(3);
  });

  it('grades each month and the period as the mean of monthly means', () => {
    const readings = [
      { ts: '2026-10-05T08:00:00+08:00', values: { codmn: 3 } },
      { ts: '2026-10-06T08:00:00+08:00', values: { codmn: 5 } },
      { ts: '2026-11-05T08:00:00+08:00', values: { codmn: 12 } },
    ];
    const sut = assessPeriod(readings, { waterBody: 'lake' });
    expect(sut.months.map((m) => [m.month, m.means.codmn, m.assessment.overall])).toEqual([
      ['2026-10', 4, 2],
      ['2026-11', 12, 5],
    ]);
    expect(sut.means.codmn).toBe(8);
    expect(sut.assessment.overall).toBe(4);
  });

  it('rejects empty input, bad timestamps and bad values', () => {
    expect(() => assessPeriod([], { waterBody: 'river' })).toThrow(AssessmentError);
    expect(() => assessPeriod([{ ts: 'yesterday', values: { ph: 7 } }], { waterBody: 'river' })).toThrow(
      expect.objectContaining({ code: 'invalid_timestamp' }),
    );
    expect(() =>
      assessPeriod([{ ts: '2026-11-01T00:00:00Z', values: { nh3n: -2 } }], { waterBody: 'river' }),
    ).toThrow(expect.objectContaining({ code: 'negative_value', item: 'nh3n' }));
  });
});
