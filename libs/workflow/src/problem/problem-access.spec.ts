import { decideCampaignEdit, decideProblemAction, ProblemActor } from './problem-access';

const liangping = { province: 'CQ' as const, district: '梁平区' };
const campaign = { inspectorIds: ['insp-cq', 'insp-sc'] };
const actor = (over: Partial<ProblemActor>): ProblemActor => ({
  userId: 'x',
  role: 'viewer',
  province: 'CQ',
  ...over,
});

describe('problem access', () => {
  const officerLp = actor({ userId: 'o1', role: 'officer', province: 'CQ', district: '梁平区' });
  const officerKj = actor({ userId: 'o2', role: 'officer', province: 'SC', district: '开江县' });
  const officerWrongProvince = actor({ userId: 'o3', role: 'officer', province: 'SC', district: '梁平区' });
  const inspCq = actor({ userId: 'insp-cq', role: 'inspector', province: 'CQ' });
  const inspOutsider = actor({ userId: 'insp-other', role: 'inspector', province: 'CQ' });
  const operator = actor({ userId: 'op', role: 'operator' });

  it.each(['plan', 'submit'] as const)('%s: only officers of the responsible jurisdiction', (action) => {
    expect(decideProblemAction(officerLp, action, liangping, campaign)).toEqual({ allowed: true });
    const denied = decideProblemAction(officerKj, action, liangping, campaign);
    expect(denied).toEqual({ allowed: false, reason: expect.stringContaining('CQ 梁平区') });
    expect(decideProblemAction(officerWrongProvince, action, liangping, campaign).allowed).toBe(false);
    expect(decideProblemAction(inspCq, action, liangping, campaign).allowed).toBe(false);
    expect(decideProblemAction(operator, action, liangping, campaign).allowed).toBe(false);
  });

  it.each(['verify', 'reject', 'close'] as const)('%s: only the campaign inspectors', (action) => {
    expect(decideProblemAction(inspCq, action, liangping, campaign)).toEqual({ allowed: true });
    expect(decideProblemAction(inspOutsider, action, liangping, campaign)).toEqual({
      allowed: false,
      reason: expect.stringContaining('inspectors of this campaign'),
    });
    expect(decideProblemAction(operator, action, liangping, campaign).allowed).toBe(false);
    expect(decideProblemAction(officerLp, action, liangping, campaign).allowed).toBe(false);
    // an id in the list does not make a non-inspector an inspector
    expect(
      decideProblemAction(actor({ userId: 'insp-cq', role: 'officer' }), action, liangping, campaign).allowed,
    ).toBe(false);
  });

  it('handover: campaign inspectors and operators', () => {
    expect(decideProblemAction(inspCq, 'handover', liangping, campaign).allowed).toBe(true);
    expect(decideProblemAction(operator, 'handover', liangping, campaign).allowed).toBe(true);
    expect(decideProblemAction(inspOutsider, 'handover', liangping, campaign).allowed).toBe(false);
    expect(decideProblemAction(officerLp, 'handover', liangping, campaign).allowed).toBe(false);
  });

  it('campaign edits: campaign inspectors and operators', () => {
    expect(decideCampaignEdit(inspCq, campaign).allowed).toBe(true);
    expect(decideCampaignEdit(operator, campaign).allowed).toBe(true);
    expect(decideCampaignEdit(inspOutsider, campaign).allowed).toBe(false);
    expect(decideCampaignEdit(officerLp, campaign).allowed).toBe(false);
  });
});
