import type { RunningSystem } from '../../bootstrap/start-system';
import { AuthService } from '../auth.service';
import type { CreateUserInput } from '../identity.dto';
import type { Principal, Role } from '../principal';
import { principalOf } from '../user.entity';
import { UsersService } from '../users.service';

/** Jurisdiction defaults per role; officers of SC default to 开江县, of CQ to 梁平区. */
function defaultsFor(role: Role, province: 'CQ' | 'SC'): Partial<CreateUserInput> {
  if (role === 'river_chief') return { level: 'province' };
  if (role === 'officer') return { district: province === 'SC' ? '开江县' : '梁平区' };
  return {};
}

let counter = 0;

/**
 * For integration tests of any feature: creates a user directly through the identity service (no HTTP,
 * no lockout) and returns a valid access token for it.
 *
 *   loginAs(sys, role, overrides?) → Promise<{ token, refreshToken, principal, password }>
 *
 * - `sys`: a RunningSystem from `startSystem` (role 'all' or 'api').
 * - `role`: 'operator' | 'river_chief' | 'inspector' | 'officer' | 'viewer'.
 * - `overrides`: any of `{ username, password, displayName, province, level, district, rivers }`.
 *   Defaults: province CQ; river chiefs level 'province' (whole province); officers district 梁平区
 *   (开江县 when province SC); a unique username like `test_river_chief_3_ab12`.
 *
 * Example: `const { token } = await loginAs(sys, 'river_chief', { province: 'SC', level: 'district', district: '开江县' });`
 * then `.set('Authorization', \`Bearer ${token}\`)`.
 */
export async function loginAs(
  sys: Pick<RunningSystem, 'app'>,
  role: Role,
  overrides: Partial<Omit<CreateUserInput, 'role'>> = {},
): Promise<{ token: string; refreshToken: string; principal: Principal; password: string }> {
  const province = overrides.province ?? 'CQ';
  counter += 1;
  const password = overrides.password ?? `pw-${Math.random().toString(36).slice(2)}-${counter}`;
  const user = await sys.app.get(UsersService, { strict: false }).create({
    username: `test_${role}_${counter}_${Math.random().toString(36).slice(2, 6)}`,
    ...defaultsFor(role, province),
    ...overrides,
    password,
    role,
    province,
  });
  const tokens = await sys.app.get(AuthService, { strict: false }).issue(user.id);
  return {
    token: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    principal: principalOf(user),
    password,
  };
}
