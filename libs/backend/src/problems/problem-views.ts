import { isOverdue, jurisdictionLabel } from '@river/workflow';
import type { CampaignEntity } from './campaign.entity';
import type { ProblemEventEntity } from './problem-event.entity';
import type { ProblemEntity } from './problem.entity';

/** What the API returns for a campaign. */
export function campaignView(c: CampaignEntity) {
  return {
    id: c.id,
    name: c.name,
    basin: c.basin,
    rivers: c.rivers,
    stationCodes: c.stationCodes,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    joint: c.joint,
    provinces: c.provinces,
    inspectorIds: c.inspectorIds,
    status: c.status,
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function lifecycleOf(p: ProblemEntity) {
  return {
    state: p.state,
    deadline: p.deadline?.toISOString() ?? null,
    verifications: p.verifications,
    closedAt: p.closedAt?.toISOString() ?? null,
  };
}

/** What the progress computation needs. */
export const progressItemOf = (p: ProblemEntity) => ({
  state: p.state,
  deadline: p.deadline?.toISOString() ?? null,
  province: p.province,
  district: p.district,
});

export function problemView(p: ProblemEntity, now: Date) {
  const lifecycle = lifecycleOf(p);
  return {
    id: p.id,
    campaignId: p.campaignId,
    seq: p.seq,
    title: p.title,
    description: p.description,
    category: p.category,
    jurisdiction: {
      province: p.province,
      district: p.district,
      label: jurisdictionLabel(p.province, p.district),
    },
    foundBy: p.foundBy,
    severity: p.severity,
    location: { text: p.locationText, lat: p.lat, lon: p.lon },
    stationCodes: p.stationCodes,
    caseIds: p.caseIds,
    evidence: p.evidence,
    note: p.note,
    ...lifecycle,
    overdue: isOverdue(lifecycle, now),
    plan: p.plan,
    rectificationEvidence: p.rectificationEvidence,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
export type ProblemView = ReturnType<typeof problemView>;

export function timelineView(e: ProblemEventEntity) {
  return {
    action: e.action,
    from: e.fromState,
    to: e.toState,
    actor: e.actorId ? { id: e.actorId, name: e.actorName, role: e.role, province: e.province } : null,
    note: e.note,
    detail: e.detail,
    at: e.at.toISOString(),
  };
}
