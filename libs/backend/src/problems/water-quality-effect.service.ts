import { Inject, Injectable } from '@nestjs/common';
import type { StationRecord } from '@river/catalogue';
import {
  assessPeriod,
  gradedItemKeys,
  romanClass,
  statusWord,
  type TimedReading,
} from '@river/water-quality';
import { StationsService } from '../stations/stations.service';
import { TELEMETRY_STORE, type Series, type TelemetryStore } from '../telemetry/telemetry-store';
import type { Principal } from '../identity/principal';
import { CampaignsService } from './campaigns.service';
import { ProblemsRepository } from './problems.repository';

/** Both windows are this long: the month before the campaign started, and the month up to now. */
export const EFFECT_WINDOW_DAYS = 30;
const DAY = 86_400_000;

/** Daily means (N-flagged values only) of the graded items, as readings for the period assessment. */
export function dailyReadings(series: readonly Series[], waterBody: 'river' | 'lake'): TimedReading[] {
  const graded = new Set(gradedItemKeys(waterBody));
  const byDay = new Map<number, Record<string, number>>();
  for (const s of series) {
    if (!graded.has(s.parameter)) continue;
    for (const point of s.points) {
      const values = byDay.get(point.ts.getTime()) ?? {};
      values[s.parameter] = point.value;
      byDay.set(point.ts.getTime(), values);
    }
  }
  return [...byDay.entries()].sort(([a], [b]) => a - b).map(([ts, values]) => ({ ts: new Date(ts), values }));
}

/**
 * The effect of a campaign on water quality at its linked stations (the campaign's own and those of
 * its problems): the section class over the month before the campaign started vs the last month,
 * graded by the 2011 method (daily means → monthly means → single-factor class) from the telemetry store.
 * 新盛河 2020: 联盟桥 went from IV to II.
 */
@Injectable()
export class WaterQualityEffectService {
  constructor(
    @Inject(TELEMETRY_STORE) private readonly telemetry: TelemetryStore,
    private readonly stations: StationsService,
    private readonly campaigns: CampaignsService,
    private readonly repo: ProblemsRepository,
  ) {}

  async effect(user: Principal, campaignId: string, now = new Date()) {
    const campaign = await this.campaigns.visible(user, campaignId);
    const problems = await this.repo.listProblems({ campaignId });
    const codes = [...new Set([...campaign.stationCodes, ...problems.flatMap((p) => p.stationCodes)])].sort();
    const startsAt = new Date(`${campaign.startsOn}T00:00:00+08:00`);
    const before = { from: new Date(startsAt.getTime() - EFFECT_WINDOW_DAYS * DAY), to: startsAt };
    const current = { from: new Date(now.getTime() - EFFECT_WINDOW_DAYS * DAY), to: now };
    const stations = [];
    for (const code of codes) {
      const station = await this.stations.get(code);
      if (!station) continue;
      const was = await this.grade(station, before);
      const is = await this.grade(station, current);
      stations.push({
        code,
        name: station.name,
        river: station.river,
        targetClass: station.targetClass,
        before: was,
        now: is,
        /** classes gained (positive = better water); null without data on either side */
        improvement: was.class !== null && is.class !== null ? was.class - is.class : null,
      });
    }
    return { campaignId, windowDays: EFFECT_WINDOW_DAYS, stations };
  }

  private async grade(station: StationRecord, window: { from: Date; to: Date }) {
    const series = await this.telemetry.series({ station: station.code, ...window, interval: '1d' });
    const readings = dailyReadings(series, station.waterBody);
    const base = { from: window.from.toISOString(), to: window.to.toISOString(), days: readings.length };
    if (readings.length === 0) return { ...base, class: null, roman: null, status: null, compliant: null };
    const { assessment } = assessPeriod(readings, {
      waterBody: station.waterBody,
      targetClass: station.targetClass,
    });
    const overall = assessment.overall ?? null;
    return {
      ...base,
      class: overall,
      roman: overall ? romanClass(overall) : null,
      status: overall ? statusWord(overall) : null,
      compliant: assessment.compliant ?? null,
    };
  }
}
