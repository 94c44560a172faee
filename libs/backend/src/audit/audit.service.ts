import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, Page, toPage } from '../http/pagination';
import type { Principal } from '../identity/principal';
import type { AuditQuery } from './audit.dto';

/**
 * One entry of the audit trail.
 * - `actor`: the Principal for people and API tokens; `{ system: 'scheduler' }` (or 'ingestion', 'replay',
 *   …) for the platform acting on its own; `{ anonymous: attemptedUsername }` for unauthenticated calls.
 * - `action`: for HTTP `METHOD /route/:pattern`; for others a dotted verb, e.g. `case.escalate`.
 * - `target`: what was acted on (route params for HTTP, e.g. `{ id }`; `{ caseId }` for the scheduler).
 * - `status`: the HTTP status of the result (for non-HTTP actors: omit, or 200/500-like if useful).
 */
export interface AuditEntry {
  actor: Principal | { system: string } | { anonymous?: string };
  action: string;
  target?: Record<string, unknown>;
  status?: number;
  requestId?: string;
  detail?: Record<string, unknown>;
}

export interface AuditRecordView {
  id: string;
  at: string;
  actorKind: 'user' | 'machine' | 'anonymous' | 'system';
  userId: string | null;
  username: string | null;
  role: string | null;
  province: string | null;
  action: string;
  target: Record<string, unknown>;
  status: number | null;
  requestId: string | null;
  detail: Record<string, unknown> | null;
}

interface AuditRow {
  id: string;
  at: Date;
  actor_kind: AuditRecordView['actorKind'];
  user_id: string | null;
  username: string | null;
  role: string | null;
  province: string | null;
  action: string;
  target: Record<string, unknown>;
  status: number | null;
  request_id: string | null;
  detail: Record<string, unknown> | null;
}

function actorColumns(actor: AuditEntry['actor']) {
  if ('role' in actor)
    return {
      kind: actor.machine ? 'machine' : 'user',
      userId: actor.userId,
      username: actor.username,
      role: actor.role,
      province: actor.province,
    };
  if ('system' in actor)
    return { kind: 'system', userId: null, username: actor.system, role: null, province: null };
  return { kind: 'anonymous', userId: null, username: actor.anonymous ?? null, role: null, province: null };
}

/**
 * The only door to `audit_log` (append-only: the table refuses UPDATE/DELETE/TRUNCATE).
 * HTTP requests are recorded by AuditMiddleware; the scheduler, ingestion and replay call `record`.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('audit');
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly dataSource: DataSource) {}

  /** Appends one entry. The returned promise may be awaited; `flush()` also waits for it. */
  record(entry: AuditEntry): Promise<void> {
    const actor = actorColumns(entry.actor);
    const write = this.dataSource
      .query(
        `INSERT INTO audit_log (actor_kind, user_id, username, role, province, action, target, status, request_id, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10::jsonb)`,
        [
          actor.kind,
          actor.userId,
          actor.username,
          actor.role,
          actor.province,
          entry.action.slice(0, 300),
          JSON.stringify(entry.target ?? {}),
          entry.status ?? null,
          entry.requestId ?? null,
          entry.detail ? JSON.stringify(entry.detail) : null,
        ],
      )
      .then(() => undefined);
    const tracked = write.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
    return tracked;
  }

  /** Records without awaiting; a failed write is logged (the response has already been sent). */
  recordInBackground(entry: AuditEntry): void {
    this.record(entry).catch((error: unknown) =>
      this.logger.error({ err: error, entry }, 'audit write failed'),
    );
  }

  /** Waits for every write started so far (tests, graceful shutdown). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  /** Newest first; filters combine with AND. */
  async list(query: AuditQuery): Promise<Page<AuditRecordView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (query.user) add('(username = ? OR user_id = ?)', query.user);
    if (query.action)
      add(
        "action LIKE ? || '%'",
        query.action.replace(/[\\%_]/g, (c) => `\\${c}`),
      );
    if (query.from) add('at >= ?', query.from);
    if (query.to) add('at < ?', query.to);
    if (query.status) add('status = ?', query.status);
    const cursor = decodeCursor(query.cursor);
    if (cursor) add('id < ?', String(cursor.id));
    params.push(query.limit + 1);
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    const page = toPage(rows, query.limit, (row) => ({ key: row.id, id: row.id }));
    return { items: page.items.map(toView), nextCursor: page.nextCursor };
  }
}

function toView(row: AuditRow): AuditRecordView {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actorKind: row.actor_kind,
    userId: row.user_id,
    username: row.username,
    role: row.role,
    province: row.province,
    action: row.action,
    target: row.target,
    status: row.status,
    requestId: row.request_id,
    detail: row.detail,
  };
}
