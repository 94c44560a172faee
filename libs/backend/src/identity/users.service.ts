import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not, Repository } from 'typeorm';
import { conflict, notFound, validationFailed } from '../errors/domain-error';
import { decodeCursor, Page, toPage } from '../http/pagination';
import type { CreateUserInput, ListUsersQuery, UpdateUserInput } from './identity.dto';
import { hashPassword } from './password-hasher';
import { UserEntity, userView, UserView } from './user.entity';

const UNIQUE_VIOLATION = '23505';

/** The one door to `app_user`. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly dataSource: DataSource,
  ) {}

  async create(
    input: CreateUserInput,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<UserEntity> {
    const passwordHash = await hashPassword(input.password);
    const user = manager.create(UserEntity, {
      username: input.username,
      displayName: input.displayName ?? input.username,
      passwordHash,
      role: input.role,
      province: input.province,
      level: input.level ?? null,
      district: input.district ?? null,
      rivers: input.rivers?.length ? input.rivers : null,
      disabled: false,
    });
    try {
      return await manager.save(UserEntity, user);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION)
        throw conflict('username_taken', `the username ${input.username} is taken`);
      throw error;
    }
  }

  async update(id: string, input: UpdateUserInput): Promise<UserEntity> {
    const user = await this.get(id);
    const next = {
      ...user,
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.province !== undefined ? { province: input.province } : {}),
      ...(input.level !== undefined ? { level: input.level } : {}),
      ...(input.district !== undefined ? { district: input.district } : {}),
      ...(input.rivers !== undefined ? { rivers: input.rivers?.length ? input.rivers : null } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
    };
    if (next.role !== 'river_chief') next.level = null;
    if (next.role === 'river_chief' && !next.level)
      throw validationFailed([{ field: 'level', message: 'is required for a river chief' }]);
    if (next.role === 'officer' && !next.district)
      throw validationFailed([{ field: 'district', message: 'is required for an officer' }]);
    if (user.role === 'operator' && !user.disabled && (next.role !== 'operator' || next.disabled))
      await this.assertAnotherOperator(id);
    const changes: Partial<UserEntity> = {
      displayName: next.displayName,
      role: next.role,
      province: next.province,
      level: next.level,
      district: next.district,
      rivers: next.rivers,
      disabled: next.disabled,
    };
    if (input.password !== undefined) changes.passwordHash = await hashPassword(input.password);
    await this.users.update({ id }, changes);
    // a new password or a disabled account ends every login (refresh token family) of the user
    if (input.password !== undefined || next.disabled)
      await this.dataSource.query(
        'UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
        [id],
      );
    return this.get(id);
  }

  /** The system must keep at least one active operator, or nobody could administer it any more. */
  private async assertAnotherOperator(id: string): Promise<void> {
    const others = await this.users.count({ where: { role: 'operator', disabled: false, id: Not(id) } });
    if (others === 0)
      throw conflict('last_operator', 'this is the last active operator; create another operator first');
  }

  async get(id: string): Promise<UserEntity> {
    const user = /^[0-9a-f-]{36}$/i.test(id) ? await this.users.findOneBy({ id }) : null;
    if (!user) throw notFound('user', id);
    return user;
  }

  /** Active user by id, or undefined (the guard turns that into 401). */
  async findActive(id: string): Promise<UserEntity | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const user = await this.users.findOneBy({ id, disabled: false });
    return user ?? undefined;
  }

  /** Case-insensitive lookup including the password hash (login only). */
  async findForLogin(username: string): Promise<UserEntity | undefined> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:username)', { username: username.trim() })
      .getOne();
    return user ?? undefined;
  }

  async findByUsername(username: string): Promise<UserEntity | undefined> {
    const user = await this.users
      .createQueryBuilder('u')
      .where('lower(u.username) = lower(:username)', { username: username.trim() })
      .getOne();
    return user ?? undefined;
  }

  async list(query: ListUsersQuery): Promise<Page<UserView>> {
    const cursor = decodeCursor(query.cursor);
    const qb = this.users
      .createQueryBuilder('u')
      .orderBy('lower(u.username)', 'ASC')
      .addOrderBy('u.id', 'ASC');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.province) qb.andWhere('u.province = :province', { province: query.province });
    if (query.disabled) qb.andWhere('u.disabled = :disabled', { disabled: query.disabled === 'true' });
    if (cursor)
      qb.andWhere('(lower(u.username), u.id::text) > (:key, :id)', {
        key: String(cursor.key),
        id: String(cursor.id),
      });
    const rows = await qb.limit(query.limit + 1).getMany();
    const page = toPage(rows, query.limit, (u) => ({ key: u.username.toLowerCase(), id: u.id }));
    return { items: page.items.map(userView), nextCursor: page.nextCursor };
  }
}
