import { Module, OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '../health/health.registry';
import { PgTelemetryStore } from './pg-telemetry.store';
import { TELEMETRY_STORE } from './telemetry-store';
import { Inject } from '@nestjs/common';
import type { TelemetryStore } from './telemetry-store';

/** The telemetry port; PostgreSQL by default (an InfluxDB adapter would be chosen here when INFLUX_URL is set). */
@Module({
  providers: [PgTelemetryStore, { provide: TELEMETRY_STORE, useExisting: PgTelemetryStore }],
  exports: [TELEMETRY_STORE],
})
export class TelemetryStoreModule implements OnModuleInit {
  constructor(
    private readonly health: HealthRegistry,
    private readonly pg: PgTelemetryStore,
    @Inject(TELEMETRY_STORE) private readonly store: TelemetryStore,
  ) {}

  async onModuleInit(): Promise<void> {
    this.health.register('telemetry', () => this.store.check());
    await this.pg.ensureMonthsAround(new Date());
  }
}
