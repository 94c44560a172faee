import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  ArrivalEstimate,
  CatalogueFormat,
  CatalogueIssue,
  RiverSummary,
  RiverTopology,
  StationRecord,
  catalogueToCsv,
  catalogueToJson,
  isCrossBorder,
  parseCatalogue,
} from '@river/catalogue';
import { DomainError, ErrorKind, notFound } from '../errors/domain-error';
import { HealthRegistry } from '../health/health.registry';
import { Page, decodeCursor, toPage } from '../http/pagination';
import { LATEST_SAMPLE_SOURCE, LatestSample, LatestSampleSource } from './latest-sample-source';
import type { RiverListQuery, StationListQuery } from './stations.dto';
import type { WaterClass } from '@river/contracts';
import { StationsRepository } from './stations.repository';

/** Other processes (API vs ingestion) may import a catalogue: re-read at least this often. */
const REFRESH_INTERVAL_MS = 30_000;
/** An unknown code re-reads the table (a station imported by another process), at most this often. */
const MISS_REFRESH_MIN_MS = 5_000;

export interface StationNeighbour {
  code: string;
  name: string;
  province: string;
  travelHours: number;
}

export interface StationDetail extends StationRecord {
  crossBorder: boolean;
  latest: LatestSample | null;
  /** the latest reading meets the target class; null when unknown */
  compliant: boolean | null;
  upstream: StationNeighbour[];
  downstreamStation: StationNeighbour | null;
  /** the nearest upstream station across the border (upstream attribution) */
  crossBorderUpstream: StationNeighbour | null;
  /** ETA of water from here at each station downstream */
  arrivals: StationNeighbour[];
}

/** A station in a list, with its class now (the latest graded reading): what a map colours it by. */
export interface StationListItem extends StationRecord {
  now: { ts: LatestSample['ts']; overall: WaterClass | null; compliant: boolean | null } | null;
}

export interface ImportResult {
  imported: number;
  created: number;
  updated: number;
}

/**
 * The station catalogue. `get()` is on the ingestion hot path (once per message): it is served from an
 * in-memory snapshot refreshed after an import, periodically, and on a miss.
 */
@Injectable()
export class StationsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('stations');
  private byCode = new Map<string, StationRecord>();
  private topology = new RiverTopology([]);
  private loadedAt = 0;
  private refreshing?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private latestSource?: LatestSampleSource;

  constructor(
    private readonly repository: StationsRepository,
    private readonly moduleRef: ModuleRef,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(
      () => void this.refresh().catch((err) => this.logger.warn({ err }, 'refresh failed')),
      REFRESH_INTERVAL_MS,
    );
    this.timer.unref();
    this.health.register('stations', async () => ({
      stations: { status: this.byCode.size ? 'up' : 'down', count: this.byCode.size },
    }));
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Re-reads the table into the cache (concurrent callers share one read). */
  refresh(): Promise<void> {
    this.refreshing ??= this.repository
      .all()
      .then((stations) => {
        this.byCode = new Map(stations.map((s) => [s.code, s]));
        this.topology = new RiverTopology(stations);
        this.loadedAt = Date.now();
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  async get(code: string): Promise<StationRecord | undefined> {
    const hit = this.byCode.get(code);
    if (hit || Date.now() - this.loadedAt < MISS_REFRESH_MIN_MS) return hit;
    await this.refresh();
    return this.byCode.get(code);
  }

  async all(): Promise<StationRecord[]> {
    return [...this.byCode.values()];
  }

  /** The current river network (a snapshot: do not keep it across imports). */
  currentTopology(): RiverTopology {
    return this.topology;
  }

  async list(query: StationListQuery): Promise<Page<StationListItem>> {
    const cursor = decodeCursor(query.cursor);
    let matches = [...this.byCode.values()]
      .filter(
        (s) =>
          (!query.river || s.river === query.river) &&
          (!query.basin || s.basin === query.basin) &&
          (!query.district || s.district === query.district) &&
          (!query.province || s.province === query.province) &&
          (!query.kind || s.kind === query.kind),
      )
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    if (query.class !== undefined || query.compliant !== undefined) {
      const latest = await this.latestMany(matches.map((s) => s.code));
      matches = matches.filter((s) => {
        const sample = latest.get(s.code);
        if (!sample) return false;
        if (query.class !== undefined && sample.overall !== query.class) return false;
        return query.compliant === undefined || complianceOf(s, sample) === (query.compliant === 'true');
      });
    }
    const after = cursor ? matches.filter((s) => s.code > String(cursor.key)) : matches;
    const page = toPage(after.slice(0, query.limit + 1), query.limit, (s) => ({ key: s.code, id: s.code }));
    const latest = await this.latestMany(page.items.map((s) => s.code));
    return {
      ...page,
      items: page.items.map((station) => {
        const sample = latest.get(station.code);
        return {
          ...station,
          now: sample
            ? { ts: sample.ts, overall: sample.overall ?? null, compliant: complianceOf(station, sample) }
            : null,
        };
      }),
    };
  }

  async detail(code: string): Promise<StationDetail> {
    const station = await this.get(code);
    if (!station) throw notFound('station', code);
    const topology = this.topology;
    const neighbour = (a: ArrivalEstimate): StationNeighbour => ({
      code: a.station.code,
      name: a.station.name,
      province: a.station.province,
      travelHours: a.hours,
    });
    const latest = (await this.latestSource_()?.latest(code)) ?? null;
    const arrivals = topology.arrivalEstimates(code).map(neighbour);
    const across = topology.crossBorderUpstream(code);
    return {
      ...station,
      crossBorder: isCrossBorder(station),
      latest,
      compliant: latest ? complianceOf(station, latest) : null,
      upstream: topology
        .upstreamOf(code)
        .map((s) => neighbour({ station: s, hours: s.downstream?.travelHours ?? 0 })),
      downstreamStation: arrivals[0] ?? null,
      crossBorderUpstream: across ? neighbour(across) : null,
      arrivals,
    };
  }

  async rivers(query: RiverListQuery): Promise<Page<RiverSummary>> {
    const cursor = decodeCursor(query.cursor);
    const rivers = this.topology
      .rivers()
      .filter(
        (r) =>
          (!query.province || r.provinces.includes(query.province)) &&
          (!query.basin || r.basin === query.basin),
      )
      .filter((r) => !cursor || r.river.localeCompare(String(cursor.key), 'zh') > 0);
    return toPage(rivers.slice(0, query.limit + 1), query.limit, (r) => ({ key: r.river, id: r.river }));
  }

  /** Validates the whole file (every bad row reported with its line) and stores it in one transaction. */
  async import(text: string, format: CatalogueFormat): Promise<ImportResult> {
    const result = parseCatalogue(text, format, [...this.byCode.values()]);
    if (!result.ok) throw catalogueInvalid(result.issues);
    const { created, updated } = await this.repository.upsertAll(result.records);
    await this.refresh();
    this.logger.log({ imported: result.records.length, created, updated }, 'station catalogue imported');
    return { imported: result.records.length, created, updated };
  }

  async export(format: CatalogueFormat): Promise<string> {
    const stations = [...this.byCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
    return format === 'csv' ? catalogueToCsv(stations) : catalogueToJson(stations);
  }

  private async latestMany(codes: string[]): Promise<Map<string, LatestSample>> {
    const source = this.latestSource_();
    if (!source) return new Map();
    if (source.latestMany) return source.latestMany(codes);
    const entries = await Promise.all(codes.map(async (c) => [c, await source.latest(c)] as const));
    return new Map(entries.filter((e): e is readonly [string, LatestSample] => e[1] !== undefined));
  }

  /** Resolved lazily: the telemetry side may live in any module, or not be in this process at all. */
  private latestSource_(): LatestSampleSource | undefined {
    if (!this.latestSource) {
      try {
        this.latestSource = this.moduleRef.get<LatestSampleSource>(LATEST_SAMPLE_SOURCE, { strict: false });
      } catch {
        return undefined; // nothing provides it (yet): no latest readings in this process
      }
    }
    return this.latestSource;
  }
}

function complianceOf(station: StationRecord, sample: LatestSample): boolean | null {
  if (sample.compliant !== undefined) return sample.compliant;
  return sample.overall === undefined ? null : sample.overall <= station.targetClass;
}

function catalogueInvalid(issues: CatalogueIssue[]): DomainError {
  return new DomainError(
    ErrorKind.Validation,
    'catalogue_invalid',
    `the catalogue has ${issues.length} problem(s); nothing was imported`,
    // `field` names the line for any problem-object reader; `line` and `station` are there for programs
    issues.map((i) => ({
      field: `line ${i.line}: ${i.field}`,
      message: i.message,
      line: i.line,
      station: i.code,
    })),
  );
}
