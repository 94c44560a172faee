import { Injectable } from '@nestjs/common';
import { type AlertSettingsOverride, resolveSettings } from '@river/alerting';
import { notFound } from '../errors/domain-error';
import type { Principal } from '../identity/principal';
import { StationsService } from '../stations/stations.service';
import { CasesRepository } from './cases.repository';

/** Per-station alert rule overrides (N, thresholds). Changes are audited by the audit middleware (PUT). */
@Injectable()
export class AlertRulesService {
  constructor(
    private readonly repo: CasesRepository,
    private readonly stations: StationsService,
  ) {}

  async get(station: string) {
    if (!(await this.stations.get(station))) throw notFound('station', station);
    const override = (await this.repo.settingsOf(this.repo.db, station)) ?? {};
    return { station, override, effective: resolveSettings(override) };
  }

  /** Replaces the station's override (an empty object restores the defaults). */
  async put(station: string, override: AlertSettingsOverride, user: Principal) {
    if (!(await this.stations.get(station))) throw notFound('station', station);
    await this.repo.saveSettings(station, override, user.username);
    return { station, override, effective: resolveSettings(override) };
  }
}
