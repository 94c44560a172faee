/**
 * Problem categories. SPEC §7 names five (domestic sewage, industrial, agricultural non-point,
 * livestock and poultry, other); the 新盛河 list of 2020 also had aquaculture (水产养殖) as a category
 * of its own, so it is a sixth. Lotus farming (莲藕种植) is planting, i.e. agricultural non-point
 * pollution, and is accepted as an alias of that category on import.
 */
export const PROBLEM_CATEGORIES = [
  'domestic_sewage',
  'industrial',
  'agricultural_non_point',
  'livestock_poultry',
  'aquaculture',
  'other',
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

export const PROBLEM_CATEGORY_LABELS: Record<ProblemCategory, string> = {
  domestic_sewage: '生活污水',
  industrial: '工业污染',
  agricultural_non_point: '农业面源',
  livestock_poultry: '畜禽养殖',
  aquaculture: '水产养殖',
  other: '其他',
};

const ALIASES: Record<string, ProblemCategory> = {
  生活污水: 'domestic_sewage',
  生活污染: 'domestic_sewage',
  工业: 'industrial',
  工业污染: 'industrial',
  工业废水: 'industrial',
  农业面源: 'agricultural_non_point',
  农业面源污染: 'agricultural_non_point',
  莲藕种植: 'agricultural_non_point',
  种植业: 'agricultural_non_point',
  畜禽养殖: 'livestock_poultry',
  畜禽: 'livestock_poultry',
  水产养殖: 'aquaculture',
  其他: 'other',
  其它: 'other',
};

/** Accepts the English code or a Chinese label/alias; undefined when it is neither. */
export function parseCategory(text: string): ProblemCategory | undefined {
  const value = text.trim();
  if ((PROBLEM_CATEGORIES as readonly string[]).includes(value)) return value as ProblemCategory;
  return ALIASES[value];
}

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

const SEVERITY_ALIASES: Record<string, Severity> = {
  低: 'low',
  一般: 'medium',
  中: 'medium',
  高: 'high',
  严重: 'high',
};

export function parseSeverity(text: string): Severity | undefined {
  const value = text.trim().toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  return SEVERITY_ALIASES[value];
}
