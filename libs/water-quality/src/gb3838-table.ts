/**
 * GB 3838-2002 《地表水环境质量标准》 Table 1 (basic items) as data — SPEC §2.
 *
 * Limits are the standard's literal numbers, indexed by class I..V. Grading compares a value directly
 * with these literals (`value <= limit`), never with derived numbers, so a value equal to a limit
 * always meets it (no floating-point surprises at the boundary).
 */
export type WaterBodyKind = 'river' | 'lake';

/** `<=`: at most the limit; `>=`: at least the limit (DO); `range`: inside [min, max] (pH). */
export type LimitComparison = '<=' | '>=' | 'range';

/** Five limits, for Class I, II, III, IV, V. */
export type ClassLimits = readonly [number, number, number, number, number];

export interface StandardItem {
  key: string;
  name: string;
  nameZh: string;
  unit: string;
  comparison: LimitComparison;
  /** limits for rivers (and lakes unless `lakeLimits` is given); for `range`, see `range` */
  limits?: ClassLimits;
  /** lakes and reservoirs (湖库) use different limits for total phosphorus */
  lakeLimits?: ClassLimits;
  /** pH: one range for all classes */
  range?: readonly [number, number];
  /** water bodies this item is graded for (评价办法 2011: rivers 21 items, lakes 22 with TN) */
  gradedFor: readonly WaterBodyKind[];
  /** exceedance multiple (超标倍数) defined for this item: not for water temperature, pH, DO */
  hasExceedance: boolean;
  /** measured quantities that may be negative (water temperature) */
  mayBeNegative?: boolean;
  note?: string;
}

const BOTH: readonly WaterBodyKind[] = ['river', 'lake'];
const NONE: readonly WaterBodyKind[] = [];

function concentration(
  key: string,
  name: string,
  nameZh: string,
  limits: ClassLimits,
  extra: Partial<StandardItem> = {},
): StandardItem {
  return {
    key,
    name,
    nameZh,
    unit: 'mg/L',
    comparison: '<=',
    limits,
    gradedFor: BOTH,
    hasExceedance: true,
    ...extra,
  };
}

/** All 24 basic items of Table 1, in the standard's order. */
export const GB3838_ITEMS: readonly StandardItem[] = [
  {
    key: 'temp',
    name: 'water temperature',
    nameZh: '水温',
    unit: '°C',
    comparison: '<=',
    gradedFor: NONE,
    hasExceedance: false,
    mayBeNegative: true,
    note: 'man-made change only: weekly mean rise ≤ 1 °C, fall ≤ 2 °C — not graded',
  },
  {
    key: 'ph',
    name: 'pH',
    nameZh: 'pH值',
    unit: '',
    comparison: 'range',
    range: [6, 9],
    gradedFor: BOTH,
    hasExceedance: false,
  },
  {
    key: 'do',
    name: 'dissolved oxygen',
    nameZh: '溶解氧',
    unit: 'mg/L',
    comparison: '>=',
    limits: [7.5, 6, 5, 3, 2],
    gradedFor: BOTH,
    hasExceedance: false,
  },
  concentration('codmn', 'permanganate index', '高锰酸盐指数', [2, 4, 6, 10, 15]),
  concentration('cod', 'chemical oxygen demand', '化学需氧量', [15, 15, 20, 30, 40]),
  concentration('bod5', 'five-day biochemical oxygen demand', '五日生化需氧量', [3, 3, 4, 6, 10]),
  concentration('nh3n', 'ammonia nitrogen', '氨氮', [0.15, 0.5, 1.0, 1.5, 2.0]),
  concentration('tp', 'total phosphorus', '总磷', [0.02, 0.1, 0.2, 0.3, 0.4], {
    lakeLimits: [0.01, 0.025, 0.05, 0.1, 0.2],
  }),
  concentration('tn', 'total nitrogen', '总氮', [0.2, 0.5, 1.0, 1.5, 2.0], {
    gradedFor: ['lake'],
    note: 'graded for lakes and reservoirs only',
  }),
  concentration('cu', 'copper', '铜', [0.01, 1.0, 1.0, 1.0, 1.0]),
  concentration('zn', 'zinc', '锌', [0.05, 1.0, 1.0, 2.0, 2.0]),
  concentration('fluoride', 'fluoride', '氟化物', [1.0, 1.0, 1.0, 1.5, 1.5]),
  concentration('se', 'selenium', '硒', [0.01, 0.01, 0.01, 0.02, 0.02]),
  concentration('as', 'arsenic', '砷', [0.05, 0.05, 0.05, 0.1, 0.1]),
  concentration('hg', 'mercury', '汞', [0.00005, 0.00005, 0.0001, 0.001, 0.001]),
  concentration('cd', 'cadmium', '镉', [0.001, 0.005, 0.005, 0.005, 0.01]),
  concentration('cr6', 'chromium (VI)', '铬（六价）', [0.01, 0.05, 0.05, 0.05, 0.1]),
  concentration('pb', 'lead', '铅', [0.01, 0.01, 0.05, 0.05, 0.1]),
  concentration('cn', 'cyanide', '氰化物', [0.005, 0.05, 0.2, 0.2, 0.2]),
  concentration('phenol', 'volatile phenol', '挥发酚', [0.002, 0.002, 0.005, 0.01, 0.1]),
  concentration('oil', 'petroleum', '石油类', [0.05, 0.05, 0.05, 0.5, 1.0]),
  concentration('las', 'anionic surfactant', '阴离子表面活性剂', [0.2, 0.2, 0.2, 0.3, 0.3]),
  concentration('sulfide', 'sulfide', '硫化物', [0.05, 0.1, 0.2, 0.5, 1.0]),
  concentration('fcoli', 'fecal coliform', '粪大肠菌群', [200, 2000, 10000, 20000, 40000], {
    unit: '个/L',
    gradedFor: NONE,
    note: 'not graded for sections (评价办法 2011), reported on its own',
  }),
];

/** Recorded at automatic stations (SPEC §3) but not part of Table 1: accepted, reported as not graded. */
export const RECORDED_ONLY_ITEMS: readonly StandardItem[] = [
  {
    key: 'cond',
    name: 'conductivity',
    nameZh: '电导率',
    unit: 'µS/cm',
    comparison: '<=',
    gradedFor: NONE,
    hasExceedance: false,
  },
  {
    key: 'turb',
    name: 'turbidity',
    nameZh: '浊度',
    unit: 'NTU',
    comparison: '<=',
    gradedFor: NONE,
    hasExceedance: false,
  },
];

const BY_KEY: ReadonlyMap<string, StandardItem> = new Map(
  [...GB3838_ITEMS, ...RECORDED_ONLY_ITEMS].map((item) => [item.key, item]),
);

/** Every parameter key the library accepts (Table 1 plus recorded-only items). */
export const KNOWN_ITEM_KEYS: readonly string[] = [...BY_KEY.keys()];

export function standardItem(key: string): StandardItem | undefined {
  return BY_KEY.get(key);
}

export function isGradedFor(item: StandardItem, waterBody: WaterBodyKind): boolean {
  return item.gradedFor.includes(waterBody);
}

/** The limits that apply to `item` in `waterBody` (undefined for pH and ungraded items). */
export function limitsFor(item: StandardItem, waterBody: WaterBodyKind): ClassLimits | undefined {
  return waterBody === 'lake' && item.lakeLimits ? item.lakeLimits : item.limits;
}

const RIVER_ITEMS = GB3838_ITEMS.filter((i) => isGradedFor(i, 'river')).map((i) => i.key);
const LAKE_ITEMS = GB3838_ITEMS.filter((i) => isGradedFor(i, 'lake')).map((i) => i.key);

/** The items the standard grades for a water body, in table order (rivers 21, lakes 22). */
export function gradedItemKeys(waterBody: WaterBodyKind): readonly string[] {
  return waterBody === 'lake' ? LAKE_ITEMS : RIVER_ITEMS;
}
