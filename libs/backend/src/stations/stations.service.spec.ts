import type { ModuleRef } from '@nestjs/core';
import { defaultCatalogue, type StationRecord } from '@river/catalogue';
import { DomainError } from '../errors/domain-error';
import { HealthRegistry } from '../health/health.registry';
import { stationListQuery } from './stations.dto';
import { LATEST_SAMPLE_SOURCE, type LatestSample, type LatestSampleSource } from './latest-sample-source';
import type { StationsRepository } from './stations.repository';
import { StationsService } from './stations.service';

/** A repository that counts reads: the cache must not hit the table per get(). */
class FakeRepository implements Pick<StationsRepository, 'all' | 'upsertAll'> {
  reads = 0;
  constructor(public stations: StationRecord[]) {}
  async all() {
    this.reads++;
    return [...this.stations];
  }
  async upsertAll(records: readonly StationRecord[]) {
    const codes = new Set(records.map((r) => r.code));
    this.stations = [...this.stations.filter((s) => !codes.has(s.code)), ...records];
    return { created: 0, updated: records.length };
  }
}

const moduleRefWith = (source?: LatestSampleSource) =>
  ({
    get: (token: unknown) => {
      if (token === LATEST_SAMPLE_SOURCE && source) return source;
      throw new Error('not provided');
    },
  }) as unknown as ModuleRef;

const sample = (overall: LatestSample['overall'], compliant?: boolean): LatestSample => ({
  ts: '2026-11-22T08:00:00+08:00',
  values: { nh3n: 1.8 },
  classes: { nh3n: overall },
  overall,
  ...(compliant === undefined ? {} : { compliant }),
});

async function create(source?: LatestSampleSource) {
  const repository = new FakeRepository([...defaultCatalogue()]);
  const sut = new StationsService(
    repository as unknown as StationsRepository,
    moduleRefWith(source),
    new HealthRegistry(),
  );
  await sut.onModuleInit();
  sut.onModuleDestroy();
  return { sut, repository };
}

describe(StationsService.name, () => {
  const latest: Record<string, LatestSample> = { 'CQ-LMQ': sample(5), 'CQ-CT': sample(2, true) };
  const source: LatestSampleSource = { latest: async (code) => latest[code] };

  it('serves get() from the cache and re-reads the table for an unknown code at most every few seconds', async () => {
    const { sut, repository } = await create();
    expect(repository.reads).toBe(1);
    expect((await sut.get('CQ-LMQ'))?.name).toBe('联盟桥');
    expect(await sut.get('NOPE')).toBeUndefined();
    expect(await sut.get('NOPE')).toBeUndefined();
    expect(repository.reads).toBe(1); // loaded just now: no re-read yet
  });

  it('shows the latest reading and derives compliance from its class when the source does not say', async () => {
    const { sut } = await create(source);
    const detail = await sut.detail('CQ-LMQ');
    expect(detail).toMatchObject({ latest: { overall: 5 }, compliant: false, crossBorder: true });
    expect(detail.upstream.map((s) => s.code)).toEqual(['CQ-U-XSH01']);
    expect(detail.downstreamStation?.code).toBe('SC-U-RSH01');
    expect((await sut.detail('CQ-CT')).compliant).toBe(true);
    expect(await sut.detail('CQ-ZT')).toMatchObject({ latest: null, compliant: null });
    await expect(sut.detail('NOPE')).rejects.toBeInstanceOf(DomainError);
  });

  it('filters by the class now and by compliance', async () => {
    const { sut } = await create(source);
    const list = async (q: Record<string, string>) =>
      (await sut.list(stationListQuery.parse(q))).items.map((s) => s.code);
    expect(await list({ class: '5' })).toEqual(['CQ-LMQ']);
    expect(await list({ compliant: 'false' })).toEqual(['CQ-LMQ']);
    expect(await list({ compliant: 'true', river: '长江' })).toEqual(['CQ-CT']);
  });

  it('without a latest-sample source shows latest: null and the class filter matches nothing', async () => {
    const { sut } = await create();
    expect((await sut.detail('CQ-LMQ')).latest).toBeNull();
    expect((await sut.list(stationListQuery.parse({ class: '3' }))).items).toEqual([]);
  });

  it('imports all or nothing and refreshes the cache', async () => {
    const { sut, repository } = await create();
    const lmq = (await sut.get('CQ-LMQ'))!;
    const good = JSON.stringify([{ ...lmq, cadenceMinutes: 60 }]);
    await expect(sut.import(good, 'json')).resolves.toEqual({ imported: 1, created: 0, updated: 1 });
    expect((await sut.get('CQ-LMQ'))?.cadenceMinutes).toBe(60);
    const bad = JSON.stringify(
      [
        { ...lmq, cadenceMinutes: 30 },
        { ...lmq, code: 'X', lat: 99 },
      ],
      null,
      2,
    );
    await expect(sut.import(bad, 'json')).rejects.toMatchObject({ code: 'catalogue_invalid' });
    expect(repository.stations.find((s) => s.code === 'CQ-LMQ')?.cadenceMinutes).toBe(60);
  });
});
