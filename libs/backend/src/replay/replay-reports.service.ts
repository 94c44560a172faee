import { Inject, Injectable } from '@nestjs/common';
import type { ParameterKey } from '@river/contracts';
import { TELEMETRY_STORE, type TelemetryStore } from '../telemetry/telemetry-store';
import type { ReplayJobRow } from './replay-job';
import { classChangesOf, type ReplayReport, seriesSvg } from './replay-report';
import { ReplayRepository } from './replay.repository';

/** Builds a replay's report (at the end, or on demand for a job still under way) and its plot. */
@Injectable()
export class ReplayReports {
  constructor(
    private readonly repo: ReplayRepository,
    @Inject(TELEMETRY_STORE) private readonly telemetry: TelemetryStore,
  ) {}

  async build(job: ReplayJobRow): Promise<ReplayReport> {
    const c = job.counters;
    const sandbox = job.target === 'sandbox';
    // sandbox totals come from the run's tables: exact even when a batch was redone after a crash
    const totals = sandbox
      ? await this.repo.sandboxTotals(job.id)
      : { samples: c.samples ?? 0, readings: c.readings ?? 0 };
    const byReason = await this.repo.deadLetterCounts(job.id);
    const rows = job.target === 'mqtt' ? [] : await this.repo.casesOf(job);
    const opened = rows.map((r) => ({
      station: r.station,
      episode: r.episode,
      rules: r.rules,
      openedAt: new Date(r.opened_at).toISOString(),
      matchesLive: r.matches_live,
      wouldClose: r.would_close,
    }));
    return {
      id: job.id,
      target: job.target,
      state: job.state,
      from: job.from_ts.toISOString(),
      to: job.to_ts.toISOString(),
      stations: job.stations,
      ruleSet: job.rule_set ? (job.rule_set_name ?? 'custom') : null,
      messagesReplayed: Number(job.done),
      readingsWritten: totals.readings,
      samplesWritten: totals.samples,
      deadLetters: { total: Object.values(byReason).reduce((a, b) => a + b, 0), byReason },
      classChanges: job.target === 'mqtt' ? [] : classChangesOf(c.classes ?? {}),
      cases: {
        opened,
        wouldOpen: opened.length,
        extra: opened.filter((o) => !o.matchesLive).length,
        wouldClose: opened.filter((o) => o.wouldClose).length,
      },
      mqtt: job.mqtt ? { published: c.published ?? 0, topicPrefix: job.mqtt.topicPrefix } : null,
      durationSeconds: c.elapsedMs !== undefined ? Math.round(c.elapsedMs / 100) / 10 : null,
    };
  }

  /** One station's parameter: live (telemetry store) vs what the sandbox run computed. */
  async plot(job: ReplayJobRow, station: string, parameter: ParameterKey): Promise<string> {
    const span = (await this.repo.sandboxSpan(job.id, station)) ?? { from: job.from_ts, to: job.to_ts };
    const to = new Date(span.to.getTime() + 1);
    const [live] = await this.telemetry.series({
      station,
      from: span.from,
      to,
      parameters: [parameter],
      interval: 'raw',
    });
    const series = [
      { label: 'live', color: '#1f6fb4', points: live?.points ?? [] },
      ...(job.target === 'sandbox'
        ? [
            {
              label: `replay ${job.id}`,
              color: '#d9622b',
              points: await this.repo.sandboxSeries(job.id, station, parameter),
            },
          ]
        : []),
    ];
    return seriesSvg(`${station} ${parameter} — live vs replay ${job.id}`, series);
  }
}
