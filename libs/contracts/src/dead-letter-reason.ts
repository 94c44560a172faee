/** Why a message was rejected into the dead-letter store (SPEC §5). Stable codes, counted in metrics. */
export enum DeadLetterReason {
  PayloadTooLarge = 'payload_too_large',
  InvalidUtf8 = 'invalid_utf8',
  NotJson = 'not_json',
  SchemaViolation = 'schema_violation',
  UnknownParameter = 'unknown_parameter',
  NonFiniteValue = 'non_finite_value',
  TimestampWithoutOffset = 'timestamp_without_offset',
  TimestampInFuture = 'timestamp_in_future',
  WrongStation = 'wrong_station',
  DeviceMismatch = 'device_mismatch',
  UnknownStation = 'unknown_station',
}
