import { randomBytes } from 'node:crypto';
import type { CreateUserInput } from '../identity.dto';
import type { UsersService } from '../users.service';

/**
 * Demo users for both provinces around 新盛河/任市河 (梁平区 ↔ 开江县), one per role and level that the
 * joint river-chief and joint-inspection workflows need.
 */
export const DEMO_USERS: Array<Omit<CreateUserInput, 'password'>> = [
  { username: 'demo-operator', displayName: '系统运维', role: 'operator', province: 'CQ' },
  {
    username: 'cq-chief',
    displayName: '重庆市级河长',
    role: 'river_chief',
    province: 'CQ',
    level: 'province',
  },
  {
    username: 'liangping-chief',
    displayName: '梁平区河长',
    role: 'river_chief',
    province: 'CQ',
    level: 'district',
    district: '梁平区',
  },
  {
    username: 'sc-chief',
    displayName: '四川省级河长',
    role: 'river_chief',
    province: 'SC',
    level: 'province',
  },
  {
    username: 'kaijiang-chief',
    displayName: '开江县河长',
    role: 'river_chief',
    province: 'SC',
    level: 'district',
    district: '开江县',
  },
  { username: 'cq-inspector', displayName: '重庆督察员', role: 'inspector', province: 'CQ' },
  { username: 'sc-inspector', displayName: '四川督察员', role: 'inspector', province: 'SC' },
  {
    username: 'liangping-officer',
    displayName: '梁平区整改专员',
    role: 'officer',
    province: 'CQ',
    district: '梁平区',
  },
  {
    username: 'kaijiang-officer',
    displayName: '开江县整改专员',
    role: 'officer',
    province: 'SC',
    district: '开江县',
  },
  { username: 'demo-viewer', displayName: '观察员', role: 'viewer', province: 'CQ' },
];

export interface SeededUser {
  username: string;
  role: string;
  province: string;
  jurisdiction: string;
  /** the password when it was set by this run; undefined when the user existed and was left alone */
  password?: string;
  status: 'created' | 'password reset' | 'unchanged';
}

/** A readable random password (never a fixed default): 4 groups of 4 base32-ish characters. */
export function demoPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/**
 * Idempotent: creates missing demo users with fresh random passwords and leaves existing ones alone
 * (their passwords are not known any more), unless `resetPasswords` asks for new ones.
 */
export async function seedDemoUsers(users: UsersService, options: { resetPasswords?: boolean } = {}) {
  const seeded: SeededUser[] = [];
  for (const demo of DEMO_USERS) {
    const jurisdiction = [demo.province, demo.level, demo.district].filter(Boolean).join(' / ');
    const base = { username: demo.username, role: demo.role, province: demo.province, jurisdiction };
    const existing = await users.findByUsername(demo.username);
    if (!existing) {
      const password = demoPassword();
      await users.create({ ...demo, password });
      seeded.push({ ...base, password, status: 'created' });
    } else if (options.resetPasswords) {
      const password = demoPassword();
      await users.update(existing.id, { password, disabled: false });
      seeded.push({ ...base, password, status: 'password reset' });
    } else {
      seeded.push({ ...base, status: 'unchanged' });
    }
  }
  return seeded;
}

export function credentialsTable(rows: SeededUser[]): string {
  const header = ['username', 'password', 'role', 'jurisdiction', 'status'];
  const lines = rows.map((r) => [r.username, r.password ?? '(unchanged)', r.role, r.jurisdiction, r.status]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => displayWidth(l[i]))));
  const format = (cells: string[]) =>
    cells.map((c, i) => c + ' '.repeat(widths[i] - displayWidth(c))).join('  ');
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].join('\n');
}

/** CJK characters take two terminal columns. */
function displayWidth(text: string): number {
  return [...text].reduce((width, ch) => width + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
}
