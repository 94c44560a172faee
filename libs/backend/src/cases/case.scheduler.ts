import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { evaluateStationSilence, resolveSettings } from '@river/alerting';
import { nextLevel } from '@river/workflow';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventsService } from '../events/events.service';
import { WebhookOutbox } from '../events/webhook-outbox.service';
import type { PlatformEvent } from '../events/platform-event';
import { StationsService } from '../stations/stations.service';
import { casePlatformEvent } from './case-events';
import { nextDueAt } from './case-schedule';
import { CaseEngine } from './case.engine';
import { CasesRepository } from './cases.repository';

const BATCH = 50;

/**
 * Time-driven work, with its state in PostgreSQL so it survives restarts: escalation of cases whose
 * due time passed (river_case.next_due_at) and the no-data rule (station_alert_state.silence_due_at).
 * Polled every `cases.schedulerIntervalMs`; rows are taken FOR UPDATE SKIP LOCKED, so several
 * processes running the scheduler never handle the same row twice.
 */
@Injectable()
export class CaseScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('case-scheduler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly repo: CasesRepository,
    private readonly engine: CaseEngine,
    private readonly stations: StationsService,
    private readonly events: EventsService,
    private readonly outbox: WebhookOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.cases.schedulerIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** One round (exposed for tests). */
  async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.running) return this.running;
    this.running = (async () => {
      const published = [...(await this.escalateDue()), ...(await this.checkSilences())];
      for (const e of published) await this.events.publish(e, { webhooksEnqueued: true });
    })()
      .catch((error: unknown) => this.logger.error({ err: error }, 'scheduler round failed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private escalateDue(): Promise<PlatformEvent[]> {
    return this.repo.db.transaction(async (m) => {
      const out: PlatformEvent[] = [];
      for (const row of await this.repo.dueCases(m, BATCH)) {
        const to = nextLevel(row.escalation_level);
        if (!to) {
          await this.repo.updateCase(m, row.id, { next_due_at: null });
          continue;
        }
        const now = new Date();
        const reason = row.state === 'dispatched' ? 'dispatch_overdue' : 'ack_sla';
        const next = { ...row, escalation_level: to, last_escalated_at: now };
        const updated = await this.repo.updateCase(m, row.id, {
          escalation_level: to,
          last_escalated_at: now,
          next_due_at: nextDueAt(next, this.config.cases.ackSlaMinutes),
        });
        const chiefs = updated.chiefs.filter((c) => c.level === to);
        const note =
          reason === 'ack_sla'
            ? `not acknowledged within ${this.config.cases.ackSlaMinutes} min: escalated from ${row.escalation_level} to ${to} level`
            : `dispatch overdue (deadline ${row.dispatch_deadline?.toISOString()}): escalated from ${row.escalation_level} to ${to} level`;
        const event = await this.repo.appendEvent(m, row.id, 'escalated', { system: 'scheduler' }, note, {
          from: row.escalation_level,
          to,
          reason,
          chiefs,
        });
        out.push(casePlatformEvent(updated, event));
      }
      for (const e of out) await this.outbox.enqueue(e, m);
      return out;
    });
  }

  private checkSilences(): Promise<PlatformEvent[]> {
    return this.repo.db.transaction(async (m) => {
      const out: PlatformEvent[] = [];
      const now = new Date();
      for (const row of await this.repo.dueSilences(m, BATCH)) {
        const record = await this.stations.get(row.station);
        const settings = resolveSettings(await this.repo.settingsOf(m, row.station));
        const cadence = record?.cadenceMinutes ?? row.cadence_minutes;
        const result = evaluateStationSilence(row.state, row.station, now, cadence, settings);
        await this.repo.saveStationState(m, row.station, '', result.state, cadence, null);
        if (result.finding && record)
          out.push(...(await this.engine.apply(m, result.finding, result.state, record, '')));
      }
      for (const e of out) await this.outbox.enqueue(e, m);
      return out;
    });
  }
}
