import fc from 'fast-check';
import { DomainError, ErrorKind } from '../errors/domain-error';
import {
  assertAllowed,
  canActOnCase,
  canActOnProblem,
  canAdminister,
  canCreateCampaign,
  canSeeCase,
  canSeeProblem,
  caseReadScope,
  CaseScope,
  PolicyUser,
  ProblemAction,
  ProblemScope,
} from './policy';
import { PROVINCES, ROLES } from './principal';

const cqChief: PolicyUser = { role: 'river_chief', province: 'CQ', userId: 'cq-chief' };
const liangpingChief: PolicyUser = {
  role: 'river_chief',
  province: 'CQ',
  district: '梁平区',
  userId: 'lp-chief',
};
const kaijiangChief: PolicyUser = {
  role: 'river_chief',
  province: 'SC',
  district: '开江县',
  userId: 'kj-chief',
};
const scChief: PolicyUser = { role: 'river_chief', province: 'SC', userId: 'sc-chief' };
const chengkouChief: PolicyUser = {
  role: 'river_chief',
  province: 'CQ',
  district: '城口县',
  userId: 'ck-chief',
};
const yangtzeChief: PolicyUser = {
  role: 'river_chief',
  province: 'CQ',
  rivers: ['长江'],
  userId: 'yz-chief',
};
const renshiChief: PolicyUser = {
  role: 'river_chief',
  province: 'SC',
  rivers: ['任市河'],
  userId: 'rs-chief',
};
const operator: PolicyUser = { role: 'operator', province: 'CQ', userId: 'op' };
const cqViewer: PolicyUser = { role: 'viewer', province: 'CQ', userId: 'v' };
const scViewer: PolicyUser = { role: 'viewer', province: 'SC', userId: 'v2' };
const cqInspector: PolicyUser = { role: 'inspector', province: 'CQ', userId: 'insp-cq' };
const scInspector: PolicyUser = { role: 'inspector', province: 'SC', userId: 'insp-sc' };
const outsiderInspector: PolicyUser = { role: 'inspector', province: 'SC', userId: 'insp-other' };
const liangpingOfficer: PolicyUser = {
  role: 'officer',
  province: 'CQ',
  district: '梁平区',
  userId: 'off-lp',
};
const kaijiangOfficer: PolicyUser = { role: 'officer', province: 'SC', district: '开江县', userId: 'off-kj' };

/** 联盟桥 on 新盛河 (梁平区 → 开江县): a joint case. */
const lianmengqiao: CaseScope = {
  province: 'CQ',
  district: '梁平区',
  river: '新盛河',
  joint: true,
  provinces: ['CQ', 'SC'],
  districts: ['梁平区', '开江县'],
  rivers: ['新盛河', '任市河'],
};
/** 寸滩 on the Yangtze in Chongqing: a local case. */
const cuntan: CaseScope = {
  province: 'CQ',
  district: '江北区',
  river: '长江',
  joint: false,
  provinces: ['CQ'],
};
/** A Sichuan-only case. */
const sichuanLocal: CaseScope = {
  province: 'SC',
  district: '达川区',
  river: '州河',
  joint: false,
  provinces: ['SC'],
};
/** 水寨子 on 任河 (城口 → 达州) with no district list: concerns every district of both provinces. */
const shuizhaizi: CaseScope = {
  province: 'CQ',
  district: '城口县',
  river: '任河',
  joint: true,
  provinces: ['CQ', 'SC'],
};

describe('canSeeCase / canActOnCase', () => {
  it.each([
    ['CQ province chief, local CQ case', cqChief, cuntan, true],
    ['CQ province chief, joint case', cqChief, lianmengqiao, true],
    ['CQ province chief, SC local case', cqChief, sichuanLocal, false],
    ['梁平 chief, joint case in 梁平', liangpingChief, lianmengqiao, true],
    ['梁平 chief, 江北 case', liangpingChief, cuntan, false],
    ['开江 chief, joint case naming 开江', kaijiangChief, lianmengqiao, true],
    ['开江 chief, joint case without district list', kaijiangChief, shuizhaizi, true],
    ['城口 chief, joint case naming 梁平/开江 only', chengkouChief, lianmengqiao, false],
    ['SC province chief, joint case', scChief, lianmengqiao, true],
    ['SC province chief, CQ local case', scChief, cuntan, false],
    ['长江 chief, 寸滩', yangtzeChief, cuntan, true],
    ['长江 chief, 新盛河 joint case', yangtzeChief, lianmengqiao, false],
    ['任市河 chief, 新盛河 joint case (same river, Sichuan name)', renshiChief, lianmengqiao, true],
    ['operator, anything', operator, sichuanLocal, true],
  ])('%s → act %s', (_label, user, c, allowed) => {
    expect(canActOnCase(user, c).allowed).toBe(allowed);
    expect(canSeeCase(user, c).allowed).toBe(allowed);
  });

  it.each([
    ['CQ viewer sees CQ local', cqViewer, cuntan, true],
    ['CQ viewer sees joint', cqViewer, lianmengqiao, true],
    ['CQ viewer does not see SC local', cqViewer, sichuanLocal, false],
    ['SC viewer sees joint', scViewer, lianmengqiao, true],
    ['SC viewer does not see CQ local', scViewer, cuntan, false],
    ['CQ inspector sees CQ local', cqInspector, cuntan, true],
    ['SC inspector does not see CQ local', scInspector, cuntan, false],
    ['梁平 officer sees joint case in 梁平', liangpingOfficer, lianmengqiao, true],
    ['开江 officer sees joint case naming 开江', kaijiangOfficer, lianmengqiao, true],
    ['梁平 officer does not see 江北', liangpingOfficer, cuntan, false],
    ['开江 officer does not see SC 达川', kaijiangOfficer, sichuanLocal, false],
  ])('%s → %s; never acts', (_label, user, c, allowed) => {
    expect(canSeeCase(user, c).allowed).toBe(allowed);
    const act = canActOnCase(user, c);
    expect(act.allowed).toBe(false);
    if (!act.allowed) expect(act.reason).toContain(user.role);
  });

  it('gives a reason naming the jurisdiction', () => {
    const decision = canActOnCase(liangpingChief, cuntan);
    expect(decision).toEqual({ allowed: false, reason: expect.stringContaining('梁平区') });
  });
});

describe('canSeeProblem / canActOnProblem', () => {
  /** 新盛河 2020 joint campaign: a problem for 开江 (one of the "15"). */
  const kaijiangProblem: ProblemScope = {
    province: 'SC',
    district: '开江县',
    campaignProvinces: ['CQ', 'SC'],
    campaignInspectorIds: ['insp-cq', 'insp-sc'],
  };
  const liangpingProblem: ProblemScope = { ...kaijiangProblem, province: 'CQ', district: '梁平区' };
  const sichuanOnly: ProblemScope = {
    province: 'SC',
    district: '达川区',
    campaignProvinces: ['SC'],
    campaignInspectorIds: ['insp-sc'],
  };

  it.each<[string, PolicyUser, ProblemScope, ProblemAction, boolean]>([
    ['开江 officer plans a 开江 problem', kaijiangOfficer, kaijiangProblem, 'plan', true],
    ['开江 officer submits a 开江 problem', kaijiangOfficer, kaijiangProblem, 'submit', true],
    ['开江 officer cannot plan a 梁平 problem', kaijiangOfficer, liangpingProblem, 'plan', false],
    ['开江 officer cannot verify', kaijiangOfficer, kaijiangProblem, 'verify', false],
    ['梁平 officer plans a 梁平 problem', liangpingOfficer, liangpingProblem, 'plan', true],
    [
      'CQ inspector of the campaign verifies a 开江 problem (one standard)',
      cqInspector,
      kaijiangProblem,
      'verify',
      true,
    ],
    ['SC inspector of the campaign closes', scInspector, kaijiangProblem, 'close', true],
    ['CQ inspector hands over', cqInspector, liangpingProblem, 'hand_over', true],
    ['inspector outside the campaign cannot verify', outsiderInspector, kaijiangProblem, 'verify', false],
    ['inspector cannot submit rectification', cqInspector, liangpingProblem, 'submit', false],
    ['CQ inspector not in a SC-only campaign', cqInspector, sichuanOnly, 'reject', false],
    ['operator administers', operator, sichuanOnly, 'close', true],
    ['river chief cannot act', cqChief, liangpingProblem, 'plan', false],
    ['viewer cannot act', cqViewer, liangpingProblem, 'record', false],
  ])('%s', (_label, user, p, action, allowed) => {
    expect(canActOnProblem(user, p, action).allowed).toBe(allowed);
  });

  it.each<[string, PolicyUser, ProblemScope, boolean]>([
    ['CQ viewer sees a joint campaign problem of 开江', cqViewer, kaijiangProblem, true],
    ['CQ viewer does not see a SC-only campaign', cqViewer, sichuanOnly, false],
    ['outsider SC inspector sees SC problems', outsiderInspector, sichuanOnly, true],
    ['CQ inspector does not see a SC-only campaign', cqInspector, sichuanOnly, false],
    ['梁平 chief sees 梁平 problems', liangpingChief, liangpingProblem, true],
    ['梁平 chief does not see 开江 problems', liangpingChief, kaijiangProblem, false],
    ['CQ province chief sees the joint campaign', cqChief, kaijiangProblem, true],
    ['CQ province chief does not see SC-only', cqChief, sichuanOnly, false],
    ['开江 officer sees 开江', kaijiangOfficer, kaijiangProblem, true],
    ['开江 officer does not see 梁平', kaijiangOfficer, liangpingProblem, false],
    ['operator sees all', operator, sichuanOnly, true],
  ])('%s', (_label, user, p, allowed) => {
    expect(canSeeProblem(user, p).allowed).toBe(allowed);
  });
});

describe('other decisions', () => {
  it('lets operators and campaign-province inspectors create campaigns', () => {
    expect(canCreateCampaign(operator, ['SC']).allowed).toBe(true);
    expect(canCreateCampaign(cqInspector, ['CQ', 'SC']).allowed).toBe(true);
    expect(canCreateCampaign(cqInspector, ['SC']).allowed).toBe(false);
    expect(canCreateCampaign(cqChief, ['CQ']).allowed).toBe(false);
  });

  it('keeps administration to operators', () => {
    expect(canAdminister(operator).allowed).toBe(true);
    for (const user of [cqChief, cqViewer, cqInspector, liangpingOfficer])
      expect(canAdminister(user).allowed).toBe(false);
  });

  it('assertAllowed throws a Forbidden DomainError with the reason', () => {
    expect(() => assertAllowed({ allowed: true })).not.toThrow();
    try {
      assertAllowed(canActOnCase(cqViewer, cuntan));
      throw new Error('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe(ErrorKind.Forbidden);
      expect((error as DomainError).message).toContain('viewer');
    }
  });

  it('describes list scopes', () => {
    expect(caseReadScope(operator)).toEqual({ kind: 'all' });
    expect(caseReadScope(cqViewer)).toEqual({ kind: 'scoped', province: 'CQ', includeJoint: true });
    expect(caseReadScope(liangpingChief)).toEqual({
      kind: 'scoped',
      province: 'CQ',
      district: '梁平区',
      includeJoint: true,
    });
    expect(caseReadScope(yangtzeChief)).toEqual({
      kind: 'scoped',
      province: 'CQ',
      rivers: ['长江'],
      includeJoint: true,
    });
  });
});

describe('policy properties', () => {
  const province = fc.constantFrom(...PROVINCES);
  const district = fc.constantFrom('梁平区', '开江县', '城口县', '江北区', '达川区');
  const river = fc.constantFrom('新盛河', '任市河', '长江', '任河');
  const user = fc.record(
    {
      role: fc.constantFrom(...ROLES),
      province,
      district,
      rivers: fc.array(river, { maxLength: 2 }),
      userId: fc.constantFrom('a', 'b', 'c'),
    },
    { requiredKeys: ['role', 'province', 'userId'] },
  );
  const caseScope = fc
    .record({
      province,
      district,
      river,
      joint: fc.boolean(),
      districts: fc.option(fc.array(district, { maxLength: 3 }), { nil: undefined }),
      rivers: fc.option(fc.array(river, { maxLength: 2 }), { nil: undefined }),
    })
    .map(({ districts, rivers, ...c }): CaseScope => ({
      ...c,
      provinces: c.joint ? ['CQ', 'SC'] : [c.province],
      ...(districts ? { districts } : {}),
      ...(rivers ? { rivers } : {}),
    }));
  const problem = fc.record({
    province,
    district,
    campaignProvinces: fc.subarray([...PROVINCES], { minLength: 1 }),
    campaignInspectorIds: fc.subarray(['a', 'b', 'c']),
  });
  const action = fc.constantFrom<ProblemAction>(
    'record',
    'edit',
    'hand_over',
    'plan',
    'submit',
    'verify',
    'reject',
    'close',
  );

  it('whoever may act on a case may see it; only operators and chiefs ever act', () => {
    fc.assert(
      fc.property(user, caseScope, (u, c) => {
        const act = canActOnCase(u, c);
        if (act.allowed) expect(canSeeCase(u, c).allowed).toBe(true);
        if (act.allowed) expect(['operator', 'river_chief']).toContain(u.role);
        if (u.role === 'operator') expect(act.allowed).toBe(true);
      }),
    );
  });

  it('no one but an operator sees a local case of the other province', () => {
    fc.assert(
      fc.property(user, caseScope, (u, c) => {
        if (!c.joint && c.province !== u.province && u.role !== 'operator')
          expect(canSeeCase(u, c).allowed).toBe(false);
      }),
    );
  });

  it('whoever may act on a problem may see it; refusals always say why', () => {
    fc.assert(
      fc.property(user, problem, action, (u, p, a) => {
        const decision = canActOnProblem(u, p, a);
        if (decision.allowed) expect(canSeeProblem(u, p).allowed).toBe(true);
        else expect(decision.reason.length).toBeGreaterThan(5);
      }),
    );
  });

  it('the SQL read scope never hides a case canSeeCase allows', () => {
    fc.assert(
      fc.property(user, caseScope, (u, c) => {
        if (!canSeeCase(u, c).allowed) return;
        const scope = caseReadScope(u);
        if (scope.kind === 'all') return;
        const local =
          c.province === scope.province &&
          (scope.district === undefined || c.district === scope.district) &&
          (scope.rivers === undefined ||
            [c.river, ...(c.rivers ?? [])].some((r) => scope.rivers!.includes(r)));
        const joint = scope.includeJoint && c.joint && c.provinces.includes(scope.province);
        expect(local || joint).toBe(true);
      }),
    );
  });
});
