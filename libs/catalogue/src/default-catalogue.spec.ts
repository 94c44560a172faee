import { findCycles } from './catalogue-validation';
import { defaultCatalogue, defaultTopology } from './default-catalogue';
import { isCrossBorder } from './river-topology';
import { SICHUAN_CHONGQING_BOUNDS } from './station-schema';

/** Integrity of the catalogue shipped with the product (SPEC §4). */
describe('default catalogue', () => {
  const stations = defaultCatalogue();
  const byCode = new Map(stations.map((s) => [s.code, s]));

  it("has at least Chongqing's 74 national control sections (national + cross-border sections in CQ)", () => {
    expect(
      stations.filter((s) => s.province === 'CQ' && s.kind !== 'provincial').length,
    ).toBeGreaterThanOrEqual(74);
  });

  it('has unique codes', () => {
    expect(byCode.size).toBe(stations.length);
  });

  it('places every station inside the Sichuan–Chongqing bounding box', () => {
    const b = SICHUAN_CHONGQING_BOUNDS;
    const outside = stations.filter(
      (s) => s.lat < b.minLat || s.lat > b.maxLat || s.lon < b.minLon || s.lon > b.maxLon,
    );
    expect(outside).toEqual([]);
  });

  it('has an acyclic topology whose links stay on the same river', () => {
    expect(findCycles(stations)).toEqual([]);
    for (const s of stations.filter((x) => x.downstream)) {
      const next = byCode.get(s.downstream!.code);
      expect({ code: s.code, river: next?.river }).toEqual({ code: s.code, river: s.river });
      expect(s.downstream!.travelHours).toBeGreaterThan(0);
    }
  });

  it('names both provinces on every cross-border section, and they differ', () => {
    for (const s of stations.filter(isCrossBorder)) {
      expect([s.code, s.upstreamProvince !== undefined, s.downstreamProvince !== undefined]).toEqual([
        s.code,
        true,
        true,
      ]);
      expect(s.upstreamProvince).not.toBe(s.downstreamProvince);
    }
  });

  it('has 新盛河 联盟桥: 梁平区, target III, cross-border CQ → SC, with an upstream CQ and a downstream SC station', () => {
    const lmq = stations.find((s) => s.name === '联盟桥');
    expect(lmq).toMatchObject({
      code: 'CQ-LMQ',
      river: '新盛河',
      district: '梁平区',
      province: 'CQ',
      targetClass: 3,
      kind: 'cross-border',
      upstreamProvince: 'CQ',
      downstreamProvince: 'SC',
      nameVerified: true,
    });
    const topology = defaultTopology();
    expect(topology.upstreamOf('CQ-LMQ').map((s) => [s.district, s.province])).toEqual([['梁平区', 'CQ']]);
    expect(topology.downstreamChain('CQ-LMQ').map((s) => [s.district, s.province])).toEqual([
      ['开江县', 'SC'],
    ]);
  });

  it('includes the published names of SPEC §4 as verified names', () => {
    const published = [
      '朱沱',
      '联盟桥',
      '水寨子',
      '土堡寨',
      '牛角滩',
      '摇金',
      '高洞电站',
      '光辉',
      '玉溪',
      '金子',
      '码头',
      '黎家乡崔家岩村',
      '寸滩',
      '北温泉',
      '丰收坝',
      '和尚山',
      '御临镇',
      '清溪场',
      '晒网坝',
      '苏家',
      '白帝城',
      '巫峡口',
      '万木',
      '白马',
      '郁江桥',
      '江口镇',
      '里耶镇',
      '石门坎',
      '玉滩水库库心',
      '官渡',
      '太和',
      '临渡',
      '江津大桥',
      '朱杨溪',
      '北渡',
      '花台',
      '高阳渡口',
      '汤溪河江口',
    ];
    const verified = new Set(stations.filter((s) => s.nameVerified).map((s) => s.name));
    expect(published.filter((n) => !verified.has(n))).toEqual([]);
    expect([...verified].filter((n) => !published.includes(n))).toEqual([]);
  });

  it('marks every unverified name as such in the name itself, and the rivers SPEC marks with ? as unverified', () => {
    for (const s of stations.filter((x) => !x.nameVerified)) expect(s.name).toMatch(/未核实/);
    for (const name of ['高洞电站', '光辉', '玉溪', '金子', '码头', '黎家乡崔家岩村']) {
      expect(stations.find((s) => s.name === name)?.riverVerified).toBe(false);
    }
  });

  it('covers the rivers of the cross-border work', () => {
    const rivers = new Set(stations.map((s) => s.river));
    for (const r of [
      '长江',
      '嘉陵江',
      '乌江',
      '涪江',
      '渠江',
      '琼江',
      '濑溪河',
      '铜钵河',
      '大清河',
      '南溪河',
      '御临河',
      '新盛河',
    ]) {
      expect(rivers).toContain(r);
    }
  });
});
