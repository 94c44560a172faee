export type AssessmentErrorCode =
  | 'unknown_parameter'
  | 'negative_value'
  | 'non_finite_value'
  | 'invalid_class'
  | 'empty_input'
  | 'invalid_timestamp';

/**
 * Bad input to the grading library. Not a class: callers (HTTP, CLI, ingestion) map it to their own
 * error channel. `item` names the offending parameter when there is one.
 */
export class AssessmentError extends Error {
  constructor(
    readonly code: AssessmentErrorCode,
    message: string,
    readonly item?: string,
  ) {
    super(message);
    this.name = 'AssessmentError';
  }
}
