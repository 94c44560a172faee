import type { ProblemAction, ProblemProvince } from './problem-state';

/**
 * Who may move a problem (SPEC §7): the responsible jurisdiction's officers plan and submit
 * (属地整改); the campaign's inspectors hand over, verify, reject and close. Operators may hand over
 * (they administer campaigns) but never rectify or verify: verification is the inspectors' word.
 */
export interface ProblemActor {
  userId: string;
  role: string;
  province: ProblemProvince;
  district?: string;
}

export interface ProblemJurisdiction {
  province: ProblemProvince;
  district: string;
}

export interface CampaignMembership {
  inspectorIds: readonly string[];
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

const allow: AccessDecision = { allowed: true };
const deny = (reason: string): AccessDecision => ({ allowed: false, reason });

export function isCampaignInspector(actor: ProblemActor, campaign: CampaignMembership): boolean {
  return actor.role === 'inspector' && campaign.inspectorIds.includes(actor.userId);
}

export function isJurisdictionOfficer(actor: ProblemActor, where: ProblemJurisdiction): boolean {
  return actor.role === 'officer' && actor.province === where.province && actor.district === where.district;
}

export function decideProblemAction(
  actor: ProblemActor,
  action: ProblemAction,
  where: ProblemJurisdiction,
  campaign: CampaignMembership,
): AccessDecision {
  switch (action) {
    case 'plan':
    case 'submit':
      return isJurisdictionOfficer(actor, where)
        ? allow
        : deny(
            `only officers of ${where.province} ${where.district} (the responsible jurisdiction) may ${action}`,
          );
    case 'handover':
      if (actor.role === 'operator' || isCampaignInspector(actor, campaign)) return allow;
      return deny('only the campaign inspectors (or an operator) may hand a problem over');
    case 'verify':
    case 'reject':
    case 'close':
      return isCampaignInspector(actor, campaign)
        ? allow
        : deny(`only inspectors of this campaign may ${action} a problem`);
    default: {
      const unreachable: never = action;
      throw new Error(`unknown action ${String(unreachable)}`);
    }
  }
}

/** Adding problems to a list (one by one or by import) and editing the campaign. */
export function decideCampaignEdit(actor: ProblemActor, campaign: CampaignMembership): AccessDecision {
  if (actor.role === 'operator' || isCampaignInspector(actor, campaign)) return allow;
  return deny('only the campaign inspectors (or an operator) may change this campaign');
}
