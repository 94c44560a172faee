/**
 * Resource-level authorisation: pure functions, no Nest, no I/O. The global guard answers "is this a
 * user, and may this role call this route"; these answer "may this user see/act on THIS case/problem".
 * Feature services call them with plain descriptions of the resource and either filter (can*) or
 * throw (`assertAllowed`) — a refusal carries the reason, which becomes the 403 problem's detail.
 *
 * Decisions (documented so the features and the UI agree):
 * - operator: sees everything; may act on cases and administer problems (system administration).
 * - river_chief (河长): sees and acts on cases in their jurisdiction (province, + district when set, +
 *   rivers when set) and on joint (联合) cases that involve their province and concern their district
 *   / rivers. Sees problems of their jurisdiction and of campaigns involving their province; acts on none.
 * - inspector (督察): sees cases of their province and joint ones involving it (read-only); on problems
 *   records, hands over, verifies, rejects and closes — only in campaigns they belong to.
 * - officer (属地 staff): sees cases and problems of their district; plans and submits rectification of
 *   problems of their district; nothing else.
 * - viewer: reads everything of their province plus joint cases / campaigns involving it; acts on nothing.
 * - Machine principals (API tokens) are judged by the role the token was given.
 */
import { DomainError, ErrorKind } from '../errors/domain-error';
import type { Principal, Province } from './principal';

export type Decision = { allowed: true } | { allowed: false; reason: string };

const ALLOW: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

/** Throws DomainError Forbidden (→ 403 problem) with the reason when the decision refuses. */
export function assertAllowed(decision: Decision): void {
  if (!decision.allowed) throw new DomainError(ErrorKind.Forbidden, 'forbidden', decision.reason);
}

/** The subset of a Principal the policy reads (so callers may pass a stored snapshot too). */
export type PolicyUser = Pick<Principal, 'role' | 'province' | 'district' | 'rivers'> & { userId?: string };

/**
 * A case as the policy sees it.
 * - `province`, `district`, `river`: where the case's station is (district as in the catalogue, e.g. 梁平区).
 * - `joint`: true for a joint river chief case (cross-border section, or upstream across the border).
 * - `provinces`: the provinces a joint case involves (both, usually ['CQ', 'SC']); for a local case just [province].
 * - `districts` (optional): every district a joint case concerns on both sides (e.g. ['梁平区', '开江县']);
 *   when absent, a joint case concerns every district of the involved provinces.
 * - `rivers` (optional): every name the river has on either side (新盛河 in Chongqing is 任市河 in Sichuan);
 *   when absent, only `river` is compared with a chief's rivers.
 */
export interface CaseScope {
  province: Province;
  district: string;
  river: string;
  joint: boolean;
  provinces: Province[];
  districts?: string[];
  rivers?: string[];
}

/**
 * A problem (督察问题) as the policy sees it.
 * - `province`, `district`: the responsible jurisdiction (属地) that must rectify it.
 * - `campaignProvinces`: the provinces of its campaign (both for a joint campaign).
 * - `campaignInspectorIds`: the user ids of the inspectors named on the campaign.
 */
export interface ProblemScope {
  province: Province;
  district: string;
  campaignProvinces: Province[];
  campaignInspectorIds: string[];
}

/** What can be done to a problem; mirrors the problem-list workflow (SPEC §7). */
export type ProblemAction =
  'record' | 'edit' | 'hand_over' | 'plan' | 'submit' | 'verify' | 'reject' | 'close';

const INSPECTOR_ACTIONS: ReadonlySet<ProblemAction> = new Set([
  'record',
  'edit',
  'hand_over',
  'verify',
  'reject',
  'close',
]);
const OFFICER_ACTIONS: ReadonlySet<ProblemAction> = new Set(['plan', 'submit']);

function districtMatches(user: PolicyUser, districts: string[]): boolean {
  return user.district === undefined || districts.includes(user.district);
}

function riverMatches(user: PolicyUser, rivers: string[]): boolean {
  return (
    user.rivers === undefined || user.rivers.length === 0 || rivers.some((r) => user.rivers!.includes(r))
  );
}

/** Whether a case lies in a river chief's jurisdiction, locally or as a joint case involving their province. */
function caseInJurisdiction(user: PolicyUser, c: CaseScope): Decision {
  const rivers = [c.river, ...(c.rivers ?? [])];
  if (c.province === user.province) {
    if (!districtMatches(user, [c.district, ...(c.joint ? (c.districts ?? []) : [])]))
      return deny(`the case is in ${c.district}, outside your jurisdiction (${user.district})`);
    if (!riverMatches(user, rivers)) return deny(`the case concerns ${c.river}, not one of your rivers`);
    return ALLOW;
  }
  if (!c.joint || !c.provinces.includes(user.province))
    return deny(`the case is in ${c.province}; you serve ${user.province}`);
  if (c.districts && !districtMatches(user, c.districts))
    return deny(`this joint case concerns ${c.districts.join('/')}, not ${user.district}`);
  if (!riverMatches(user, rivers))
    return deny(`the joint case concerns ${rivers.join('/')}, not one of your rivers`);
  return ALLOW;
}

function caseInProvince(user: PolicyUser, c: CaseScope): boolean {
  return c.province === user.province || (c.joint && c.provinces.includes(user.province));
}

/** May the user read this case? */
export function canSeeCase(user: PolicyUser, c: CaseScope): Decision {
  switch (user.role) {
    case 'operator':
      return ALLOW;
    case 'river_chief':
      return caseInJurisdiction(user, c);
    case 'viewer':
    case 'inspector':
      return caseInProvince(user, c)
        ? ALLOW
        : deny(`the case is in ${c.province}; you may read ${user.province} only`);
    case 'officer': {
      const districts = [c.district, ...(c.joint ? (c.districts ?? []) : [])];
      return caseInProvince(user, c) && districtMatches(user, districts)
        ? ALLOW
        : deny(`the case is outside your district (${user.district})`);
    }
  }
}

/** May the user acknowledge / dispatch / resolve / close / dismiss this case? */
export function canActOnCase(user: PolicyUser, c: CaseScope): Decision {
  switch (user.role) {
    case 'operator':
      return ALLOW;
    case 'river_chief':
      return caseInJurisdiction(user, c);
    case 'viewer':
    case 'inspector':
    case 'officer':
      return deny(`a ${user.role} cannot act on river chief cases`);
  }
}

function inCampaign(user: PolicyUser, p: ProblemScope): boolean {
  return user.userId !== undefined && p.campaignInspectorIds.includes(user.userId);
}

/** May the user read this problem? */
export function canSeeProblem(user: PolicyUser, p: ProblemScope): Decision {
  const campaignSide = p.province === user.province || p.campaignProvinces.includes(user.province);
  switch (user.role) {
    case 'operator':
      return ALLOW;
    case 'inspector':
    case 'viewer':
      return inCampaign(user, p) || campaignSide
        ? ALLOW
        : deny(
            `the problem belongs to a campaign of ${p.campaignProvinces.join('/')}; you serve ${user.province}`,
          );
    case 'river_chief':
      if (p.province === user.province && districtMatches(user, [p.district])) return ALLOW;
      return user.district === undefined && campaignSide
        ? ALLOW
        : deny(`the problem is in ${p.district}, outside your jurisdiction`);
    case 'officer':
      return p.province === user.province && districtMatches(user, [p.district])
        ? ALLOW
        : deny(`the problem is for ${p.district}; you work for ${user.district}`);
  }
}

/** May the user take this workflow action on this problem? */
export function canActOnProblem(user: PolicyUser, p: ProblemScope, action: ProblemAction): Decision {
  switch (user.role) {
    case 'operator':
      return ALLOW;
    case 'inspector':
      if (!INSPECTOR_ACTIONS.has(action))
        return deny(`an inspector cannot ${action}; the local jurisdiction does`);
      return inCampaign(user, p) ? ALLOW : deny('you are not an inspector of this campaign');
    case 'officer':
      if (!OFFICER_ACTIONS.has(action)) return deny(`an officer cannot ${action}; inspectors do`);
      return p.province === user.province && districtMatches(user, [p.district])
        ? ALLOW
        : deny(`the problem is for ${p.district}; you work for ${user.district}`);
    case 'river_chief':
    case 'viewer':
      return deny(`a ${user.role} cannot act on inspection problems`);
  }
}

/** May the user create a campaign involving these provinces? Operators, and inspectors of one of them. */
export function canCreateCampaign(user: PolicyUser, provinces: Province[]): Decision {
  if (user.role === 'operator') return ALLOW;
  if (user.role === 'inspector' && provinces.includes(user.province)) return ALLOW;
  return user.role === 'inspector'
    ? deny(`the campaign does not involve ${user.province}`)
    : deny(`a ${user.role} cannot create inspection campaigns`);
}

/** System administration: devices, catalogue import, replay, users, API tokens. */
export function canAdminister(user: PolicyUser): Decision {
  return user.role === 'operator' ? ALLOW : deny('system administration is for operators');
}

/**
 * A pre-filter for case lists in SQL: `all`, or rows with `province = province` [and district =
 * district] [and any name of the case's river (`river` or one of its `rivers` aliases) in `rivers`],
 * plus (when `includeJoint`) joint cases whose provinces contain `province`. It never drops a row `canSeeCase` allows; for joint rows of a district-level user, apply
 * `canSeeCase` to each row for the exact answer (joint cases may concern only some districts).
 */
export type CaseReadScope =
  | { kind: 'all' }
  | { kind: 'scoped'; province: Province; district?: string; rivers?: string[]; includeJoint: boolean };

export function caseReadScope(user: PolicyUser): CaseReadScope {
  if (user.role === 'operator') return { kind: 'all' };
  if (user.role === 'viewer' || user.role === 'inspector')
    return { kind: 'scoped', province: user.province, includeJoint: true };
  return {
    kind: 'scoped',
    province: user.province,
    ...(user.district ? { district: user.district } : {}),
    ...(user.role === 'river_chief' && user.rivers?.length ? { rivers: user.rivers } : {}),
    includeJoint: true,
  };
}
