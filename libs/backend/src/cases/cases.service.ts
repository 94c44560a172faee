import { Inject, Injectable } from '@nestjs/common';
import {
  allowedActions,
  type CaseCommand,
  type CaseSide,
  CaseTransitionError,
  transition,
} from '@river/workflow';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError, ErrorKind, notFound, validationFailed } from '../errors/domain-error';
import { EventsService } from '../events/events.service';
import { WebhookOutbox } from '../events/webhook-outbox.service';
import type { PlatformEvent } from '../events/platform-event';
import { decodeCursor, encodeCursor, type Page } from '../http/pagination';
import { assertAllowed, canActOnCase, canSeeCase } from '../identity/policy';
import type { Principal } from '../identity/principal';
import { casePlatformEvent } from './case-events';
import { caseEventView, caseView, type CaseView, scopeOf, snapshotOf } from './case-row';
import { nextDueAt } from './case-schedule';
import type { CaseListQuery, CommentBody } from './cases.dto';
import { CasesRepository } from './cases.repository';

export type CaseActionInput =
  | { action: 'acknowledge'; note?: string }
  | { action: 'dispatch'; to: string; deadline: string; note?: string }
  | { action: 'resolve'; cause: string; action_: string; note?: string }
  | { action: 'close'; note?: string }
  | { action: 'dismiss'; reason: string; note?: string }
  | { action: 'reopen'; reason: string; note?: string };

/** People acting on cases: list/read (canSeeCase), transitions (canActOnCase + the pure state machine), comments. */
@Injectable()
export class CasesService {
  constructor(
    private readonly repo: CasesRepository,
    private readonly events: EventsService,
    private readonly outbox: WebhookOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: CaseListQuery, user: Principal): Promise<Page<CaseView>> {
    const cursor = decodeCursor(query.cursor);
    const items: CaseView[] = [];
    let beforeId = cursor ? String(cursor.id) : undefined;
    // the SQL narrows to the user's province; the policy decides row by row (district, rivers)
    for (let round = 0; round < 20 && items.length <= query.limit; round++) {
      const rows = await this.repo.list({
        state: query.state,
        province: query.province,
        river: query.river,
        station: query.station,
        joint: query.joint,
        overdue: query.overdue,
        visibleToProvince: user.role === 'operator' ? undefined : user.province,
        beforeId,
        limit: query.limit * 2 + 1,
      });
      for (const row of rows) if (canSeeCase(user, scopeOf(row)).allowed) items.push(caseView(row));
      if (rows.length < query.limit * 2 + 1) break;
      beforeId = rows[rows.length - 1].id;
    }
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor: items.length > query.limit && last ? encodeCursor({ key: last.id, id: last.id }) : null,
    };
  }

  async get(id: string, user: Principal) {
    const row = await this.repo.getCase(id);
    if (!row) throw notFound('case', id);
    assertAllowed(canSeeCase(user, scopeOf(row)));
    const timeline = await this.repo.events(id);
    // what this user may do now (for the UI's buttons): legal moves, if the policy lets them act at all
    const actions = canActOnCase(user, scopeOf(row)).allowed ? allowedActions(snapshotOf(row)) : [];
    return { ...caseView(row), allowedActions: actions, timeline: timeline.map(caseEventView) };
  }

  async act(id: string, input: CaseActionInput, user: Principal) {
    const published: PlatformEvent[] = [];
    const result = await this.repo.db.transaction(async (m) => {
      const row = await this.repo.lockCase(m, id);
      if (!row) throw notFound('case', id);
      assertAllowed(canActOnCase(user, scopeOf(row)));
      const now = new Date();
      const outcome = refusalsAsDomainErrors(() =>
        transition(snapshotOf(row), commandOf(input, user.province, now)),
      );
      const s = outcome.snapshot;
      const reopened = outcome.event === 'reopened';
      const next = {
        state: outcome.to,
        acknowledged_by: s.acknowledgedBy,
        close_confirmed_by: s.closeConfirmedBy,
        dispatch_to: s.dispatch?.to ?? null,
        dispatch_deadline: s.dispatch ? new Date(s.dispatch.deadline) : null,
        resolution: s.resolution ?? null,
        dismiss_reason: s.dismissReason ?? null,
        sla_since: reopened ? now : row.sla_since,
        ...(reopened ? { resolution_proposed_at: null } : {}),
      };
      const updated = await this.repo.updateCase(m, id, {
        ...next,
        next_due_at: nextDueAt({ ...row, ...next }, this.config.cases.ackSlaMinutes),
      });
      const data: Record<string, unknown> = {
        from: outcome.from,
        to: outcome.to,
        waitingFor: outcome.waitingFor,
      };
      if (input.action === 'dispatch') Object.assign(data, { to_: input.to, deadline: input.deadline });
      if (input.action === 'resolve') Object.assign(data, { cause: input.cause, action: input.action_ });
      if (input.action === 'dismiss' || input.action === 'reopen')
        Object.assign(data, { reason: input.reason });
      const event = await this.repo.appendEvent(m, id, outcome.event, user, input.note ?? null, data);
      published.push(casePlatformEvent(updated, event));
      await this.outbox.enqueue(published[0], m);
      return { ...caseView(updated), event: caseEventView(event) };
    });
    for (const e of published) await this.events.publish(e, { webhooksEnqueued: true });
    return result;
  }

  async comment(id: string, body: CommentBody, user: Principal) {
    const published: PlatformEvent[] = [];
    const view = await this.repo.db.transaction(async (m) => {
      const row = await this.repo.lockCase(m, id);
      if (!row) throw notFound('case', id);
      assertAllowed(canSeeCase(user, scopeOf(row)));
      const event = await this.repo.appendEvent(m, id, 'comment', user, body.text, {
        attachments: body.attachments,
      });
      published.push(casePlatformEvent(row, event));
      await this.outbox.enqueue(published[0], m);
      return caseEventView(event);
    });
    for (const e of published) await this.events.publish(e, { webhooksEnqueued: true });
    return view;
  }
}

/** Maps the pure state machine's refusals to domain errors (409 / 400 / 403). */
function refusalsAsDomainErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof CaseTransitionError)) throw error;
    switch (error.code) {
      case 'illegal_transition':
      case 'already_done_by_side':
        throw new DomainError(ErrorKind.IllegalTransition, error.code, error.message);
      case 'missing_field':
        throw validationFailed([{ field: 'body', message: error.message }], error.message);
      case 'not_a_party':
        throw new DomainError(ErrorKind.Forbidden, 'forbidden', error.message);
    }
  }
}

/** The acting side is the acting user's province (from authentication). */
function commandOf(input: CaseActionInput, side: CaseSide, now: Date): CaseCommand {
  switch (input.action) {
    case 'acknowledge':
      return { action: 'acknowledge', side };
    case 'dispatch':
      return { action: 'dispatch', side, to: input.to, deadline: new Date(input.deadline), now };
    case 'resolve':
      return { action: 'resolve', side, cause: input.cause, measure: input.action_ };
    case 'close':
      return { action: 'close', side };
    case 'dismiss':
      return { action: 'dismiss', side, reason: input.reason };
    case 'reopen':
      return { action: 'reopen', side, reason: input.reason };
  }
}
