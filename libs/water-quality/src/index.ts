export type { WaterClass, TargetClass, AssessmentInput, ItemExplanation, Assessment } from './types';
export {
  GB3838_ITEMS,
  RECORDED_ONLY_ITEMS,
  KNOWN_ITEM_KEYS,
  standardItem,
  gradedItemKeys,
  limitsFor,
  isGradedFor,
} from './gb3838-table';
export type { WaterBodyKind, StandardItem, ClassLimits, LimitComparison } from './gb3838-table';
export { AssessmentError } from './assessment-error';
export type { AssessmentErrorCode } from './assessment-error';
export { classOf, exceedanceMultiple, statusWord, romanClass, REFERENCE_CLASS } from './grade';
export { assess, primaryPollutants, MAX_PRIMARY } from './assess';
export { gradeClassesInto, gradeSummary } from './fast-grade';
export type { GradeSummary } from './fast-grade';
export { assessPeriod, AGGREGATION_METHOD } from './aggregate';
export type {
  TimedReading,
  AggregateOptions,
  DailyMean,
  MonthlyAssessment,
  PeriodAssessment,
} from './aggregate';
export { multiSectionStatus } from './multi-section';
export type { MultiSectionStatus } from './multi-section';
