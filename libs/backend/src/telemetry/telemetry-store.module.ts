import { Module, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { HealthRegistry } from '../health/health.registry';
import { StationCatalogueModule } from '../stations/station-catalogue.module';
import { StationsService } from '../stations/stations.service';
import { InfluxTelemetryStore } from './influx/influx-telemetry.store';
import { PgTelemetryStore } from './pg-telemetry.store';
import { TELEMETRY_STORE } from './telemetry-store';
import { Inject } from '@nestjs/common';
import type { TelemetryStore } from './telemetry-store';

/** The telemetry port: PostgreSQL by default, InfluxDB when INFLUX_URL is set (config.influx). */
@Module({
  imports: [StationCatalogueModule],
  providers: [
    PgTelemetryStore,
    {
      provide: TELEMETRY_STORE,
      inject: [APP_CONFIG, PgTelemetryStore, StationsService],
      useFactory: (config: AppConfig, pg: PgTelemetryStore, stations: StationsService): TelemetryStore =>
        config.influx
          ? new InfluxTelemetryStore(config.influx, async (code) => {
              const s = await stations.get(code);
              return s && { province: s.province, river: s.river };
            })
          : pg,
    },
  ],
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
