/**
 * Who is acting. Set on the request by the authentication guard (identity module) and read by
 * controllers through `@CurrentUser()`. Domain services take a Principal, never a request.
 */
export const ROLES = ['operator', 'river_chief', 'inspector', 'officer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PROVINCES = ['CQ', 'SC'] as const;
export type Province = (typeof PROVINCES)[number];

export const CHIEF_LEVELS = ['province', 'city', 'district', 'township'] as const;
export type ChiefLevel = (typeof CHIEF_LEVELS)[number];

export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  province: Province;
  /** river chiefs only */
  level?: ChiefLevel;
  /** jurisdiction: district/county name as in the catalogue (e.g. 梁平区, 开江县); absent = whole province */
  district?: string;
  /** river chiefs may be limited to some rivers; absent = all rivers of the jurisdiction */
  rivers?: string[];
  /** machine clients (API tokens) */
  machine?: boolean;
}
