import { Injectable } from '@nestjs/common';
import { DeadLetterReason } from '@river/contracts';
import type { ProcessResult } from './raw-message';

/**
 * In-process ingestion counters, rendered as Prometheus text by GET /metrics (dead-letter counts per
 * reason are also queryable from the store: GET /api/v1/dead-letters/counts).
 */
@Injectable()
export class IngestMetrics {
  messagesAccepted = 0;
  samplesStored = 0;
  samplesDuplicate = 0;
  readingsWritten = 0;
  batches = 0;
  commitFailures = 0;
  lastCommitMs = 0;
  commitMsTotal = 0;
  processMsTotal = 0;
  readonly deadLetters = new Map<DeadLetterReason, number>(
    Object.values(DeadLetterReason).map((r) => [r, 0]),
  );
  readonly refused = new Map<string, number>();

  recordCommit(result: ProcessResult, newSamples: number, ms: number): void {
    this.batches++;
    this.lastCommitMs = ms;
    this.commitMsTotal += ms;
    this.messagesAccepted += result.accepted.length;
    this.samplesStored += newSamples;
    this.samplesDuplicate += result.samples.length - newSamples;
    this.readingsWritten += result.readings.length;
    for (const d of result.deadLetters)
      this.deadLetters.set(d.reason, (this.deadLetters.get(d.reason) ?? 0) + 1);
  }

  recordProcessing(ms: number): void {
    this.processMsTotal += ms;
  }

  recordCommitFailure(): void {
    this.commitFailures++;
  }

  /** Broker-side refusals (bad credentials, unknown device, ACL violations), by kind. */
  recordRefusal(kind: string): void {
    this.refused.set(kind, (this.refused.get(kind) ?? 0) + 1);
  }

  toPrometheus(extra: Record<string, number> = {}): string {
    const lines: string[] = [];
    const counter = (name: string, help: string, value: number) =>
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${value}`);
    counter(
      'river_ingest_messages_accepted_total',
      'Reading messages accepted and committed',
      this.messagesAccepted,
    );
    counter(
      'river_ingest_samples_stored_total',
      'Graded samples stored (not duplicates)',
      this.samplesStored,
    );
    counter(
      'river_ingest_samples_duplicate_total',
      'Samples acknowledged but already stored',
      this.samplesDuplicate,
    );
    counter(
      'river_ingest_readings_written_total',
      'Parameter readings written to telemetry',
      this.readingsWritten,
    );
    counter('river_ingest_batches_total', 'Committed ingestion batches', this.batches);
    counter('river_ingest_commit_failures_total', 'Failed batch commits (retried)', this.commitFailures);
    lines.push(
      '# HELP river_ingest_dead_letters_total Rejected messages by reason',
      '# TYPE river_ingest_dead_letters_total counter',
    );
    for (const [reason, n] of this.deadLetters)
      lines.push(`river_ingest_dead_letters_total{reason="${reason}"} ${n}`);
    lines.push(
      '# HELP river_broker_refused_total Refused connections/operations by kind',
      '# TYPE river_broker_refused_total counter',
    );
    for (const [kind, n] of this.refused) lines.push(`river_broker_refused_total{kind="${kind}"} ${n}`);
    for (const [name, value] of Object.entries(extra)) lines.push(`# TYPE ${name} gauge`, `${name} ${value}`);
    return lines.join('\n') + '\n';
  }
}
