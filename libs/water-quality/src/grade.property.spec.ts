import fc from 'fast-check';
import { assess } from './assess';
import { gradeClassesInto, gradeSummary } from './fast-grade';
import { gradedItemKeys, type WaterBodyKind } from './gb3838-table';
import { classOf } from './grade';

const waterBody = fc.constantFrom<WaterBodyKind>('river', 'lake');
// values spanning every class of every item (fecal coliform excluded: not graded)
const concentration = fc.oneof(
  fc.double({ min: 0, max: 50, noNaN: true }),
  fc.double({ min: 0, max: 0.01, noNaN: true }),
);
const pollutants = (wb: WaterBodyKind) => gradedItemKeys(wb).filter((k) => k !== 'ph' && k !== 'do');

describe('grading properties', () => {
  it('a pollutant that rises never gets a better class', () => {
    fc.assert(
      fc.property(waterBody, concentration, concentration, fc.nat(), (wb, a, b, pick) => {
        const items = pollutants(wb);
        const item = items[pick % items.length];
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(classOf(item, high, wb)!).toBeGreaterThanOrEqual(classOf(item, low, wb)!);
      }),
    );
  });

  it('dissolved oxygen that falls never gets a better class', () => {
    fc.assert(
      fc.property(
        waterBody,
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        (wb, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(classOf('do', low, wb)!).toBeGreaterThanOrEqual(classOf('do', high, wb)!);
        },
      ),
    );
  });

  it('raising one pollutant of a sample never improves the section class', () => {
    fc.assert(
      fc.property(
        waterBody,
        fc.dictionary(fc.constantFrom('codmn', 'nh3n', 'tp', 'cod', 'hg', 'cu'), concentration, {
          minKeys: 1,
        }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (wb, values, rise) => {
          const before = assess({ waterBody: wb, values }).overall!;
          const key = Object.keys(values)[0];
          const after = assess({ waterBody: wb, values: { ...values, [key]: values[key] + rise } }).overall!;
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });

  it('the fast paths agree with assess on random samples', () => {
    const sample = fc.record(
      {
        ph: fc.double({ min: 0, max: 14, noNaN: true }),
        do: fc.double({ min: 0, max: 20, noNaN: true }),
        codmn: concentration,
        nh3n: concentration,
        tp: concentration,
        tn: concentration,
        temp: fc.double({ min: -1, max: 40, noNaN: true }),
        cond: fc.double({ min: 0, max: 5000, noNaN: true }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(waterBody, sample, fc.integer({ min: 1, max: 5 }), (wb, values, target) => {
        const reference = assess({ waterBody: wb, values, targetClass: target as 1 });
        const classes = {};
        expect(gradeClassesInto(values, wb, classes)).toBe(reference.overall);
        expect(classes).toEqual(reference.classes);
        const summary = gradeSummary(values, wb, target);
        expect(summary).toEqual({
          classes: reference.classes,
          overall: reference.overall,
          exceedance: reference.exceedance,
          primary: reference.primary,
          compliant: reference.compliant,
        });
      }),
    );
  });

  it('the fast path rejects what assess rejects', () => {
    const bad: Record<string, number>[] = [
      { nh3n: -1 },
      { tp: NaN },
      { tp: Infinity },
      { temp: -Infinity },
      { foo: 1 },
    ];
    for (const values of bad) {
      expect(() => gradeClassesInto(values, 'river', {})).toThrow(
        expect.objectContaining({ code: captureCode(() => assess({ waterBody: 'river', values })) }),
      );
    }
  });
});

function captureCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}
