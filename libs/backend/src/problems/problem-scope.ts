import type { ProblemScope } from '../identity/policy';
import type { Principal } from '../identity/principal';
import type { CampaignEntity } from './campaign.entity';

/** A problem as the identity policy sees it. */
export function problemScope(
  where: { province: ProblemScope['province']; district: string },
  campaign: CampaignEntity,
): ProblemScope {
  return {
    province: where.province,
    district: where.district,
    campaignProvinces: campaign.provinces,
    campaignInspectorIds: campaign.inspectorIds,
  };
}

/** Who may see a campaign at all: operators, its provinces' users, and its inspectors. */
export function canSeeCampaign(user: Principal, campaign: CampaignEntity): boolean {
  return (
    user.role === 'operator' ||
    campaign.provinces.includes(user.province) ||
    campaign.inspectorIds.includes(user.userId)
  );
}

/**
 * Officers and district-level river chiefs see only their own district's part of a list; everyone else
 * who may see the campaign sees the whole list (一张清单管两岸: one list covers both banks).
 */
export function listRestriction(user: Principal): { province: string; district: string } | undefined {
  if ((user.role === 'officer' || user.role === 'river_chief') && user.district)
    return { province: user.province, district: user.district };
  return undefined;
}
