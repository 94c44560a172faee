import { Injectable, Logger } from '@nestjs/common';
import { topics } from '@river/contracts';
import { ProblemAction, ProblemCommand, transitionProblem } from '@river/workflow';
import type { EntityManager } from 'typeorm';
import { DomainError, ErrorKind, forbidden, notFound, validationFailed } from '../errors/domain-error';
import { EventsService } from '../events/events.service';
import { decodeCursor, Page, toPage } from '../http/pagination';
import {
  assertAllowed,
  canActOnProblem,
  canSeeProblem,
  ProblemAction as PolicyAction,
} from '../identity/policy';
import type { Principal, Role } from '../identity/principal';
import type { CampaignEntity } from './campaign.entity';
import { CampaignsService } from './campaigns.service';
import type { ProblemEntity } from './problem.entity';
import { lifecycleOf, problemView, ProblemView, timelineView } from './problem-views';
import { listRestriction, problemScope } from './problem-scope';
import { CreateProblemBody, deadlineInstant, ListProblemsQuery } from './problems.dto';
import { ProblemsRepository } from './problems.repository';
import { StationCheck } from './station-check';

const POLICY_ACTION: Record<ProblemAction, PolicyAction> = {
  handover: 'hand_over',
  plan: 'plan',
  submit: 'submit',
  verify: 'verify',
  reject: 'reject',
  close: 'close',
};

/**
 * Stricter than the identity policy (which lets operators do anything): rectification is the
 * jurisdiction officers' job and verification the inspectors' word — a verification counts for the
 * inspector's province, so nobody else can stand in. Operators may still record and hand over.
 */
const ROLE_FOR: Partial<Record<ProblemAction, Role>> = {
  plan: 'officer',
  submit: 'officer',
  verify: 'inspector',
  reject: 'inspector',
  close: 'inspector',
};

/** The API body of each move, before it becomes a state-machine command. */
export type ActionBody =
  | { action: 'handover'; deadline?: string; note?: string }
  | { action: 'plan'; plan: string; note?: string }
  | { action: 'submit'; evidence: string[]; note?: string }
  | { action: 'verify'; note?: string }
  | { action: 'reject'; reason: string }
  | { action: 'close'; note?: string };

export const actorColumns = (user: Principal) => ({
  actorId: user.userId,
  actorName: user.displayName,
  role: user.role,
  province: user.province,
});

@Injectable()
export class ProblemsService {
  private readonly logger = new Logger('problems');

  constructor(
    private readonly repo: ProblemsRepository,
    private readonly campaigns: CampaignsService,
    private readonly stations: StationCheck,
    private readonly events: EventsService,
  ) {}

  /** Records one problem on a campaign's list (state `found`). */
  async create(user: Principal, campaignId: string, body: CreateProblemBody): Promise<ProblemView> {
    const campaign = await this.campaigns.visible(user, campaignId);
    this.campaigns.assertCanEdit(user, campaign);
    assertAllowed(canActOnProblem(user, problemScope(body, campaign), 'record'));
    this.assertJurisdictionInCampaign(campaign, body.province);
    await this.stations.assertExist(body.stationCodes, 'stationCodes');
    const saved = await this.repo.transaction(async (tx) => {
      await this.repo.lockCampaignList(campaignId, tx);
      const used = await this.repo.usedSeqs(campaignId, tx);
      if (body.seq !== undefined && used.has(body.seq))
        throw new DomainError(
          ErrorKind.Conflict,
          'seq_taken',
          `序号 ${body.seq} is already used in this campaign`,
        );
      const seq = body.seq ?? Math.max(0, ...used) + 1;
      const { deadline, ...rest } = body;
      const problem = await this.repo.saveProblem(
        {
          ...rest,
          seq,
          campaignId,
          deadline: deadline ? new Date(deadlineInstant(deadline)) : null,
          state: 'found',
          rectificationEvidence: [],
          verifications: [],
        },
        tx,
      );
      await this.repo.appendEvent(
        { problemId: problem.id, campaignId, action: 'created', toState: 'found', ...actorColumns(user) },
        tx,
      );
      return problem;
    });
    const problem = (await this.repo.findProblem(saved.id))!;
    await this.notify(campaign, problem, 'problem.created', {});
    return problemView(problem, new Date());
  }

  async list(user: Principal, campaignId: string, query: ListProblemsQuery): Promise<Page<ProblemView>> {
    await this.campaigns.visible(user, campaignId);
    const restriction = listRestriction(user);
    if (restriction && query.province && query.province !== restriction.province)
      return { items: [], nextCursor: null };
    if (restriction && query.district && query.district !== restriction.district)
      return { items: [], nextCursor: null };
    const now = new Date();
    const rows = await this.repo.listProblems({
      campaignId,
      province: restriction?.province ?? query.province,
      district: restriction?.district ?? query.district,
      state: query.state,
      overdueAt: now,
      overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
      after: decodeCursor(query.cursor),
      limit: query.limit,
    });
    const page = toPage(rows, query.limit, (p) => ({ key: p.seq, id: p.id }));
    return { items: page.items.map((p) => problemView(p, now)), nextCursor: page.nextCursor };
  }

  /** One problem with its timeline. */
  async get(user: Principal, id: string) {
    const { problem, campaign } = await this.load(user, id);
    const timeline = await this.repo.timeline(id);
    return {
      ...problemView(problem, new Date()),
      campaign: { id: campaign.id, name: campaign.name, joint: campaign.joint },
      timeline: timeline.map(timelineView),
    };
  }

  /** One move of the life cycle: authorised, checked by the pure state machine, audited, announced. */
  async act(user: Principal, id: string, body: ActionBody) {
    // No visibility check here: someone acting on a problem outside their remit gets the policy's
    // reason (403), e.g. an officer of 开江县 submitting for 梁平区.
    const { campaign } = await this.load(user, id, false);
    const now = new Date();
    const { before, after } = await this.repo.transaction(async (tx) => {
      const problem = await this.repo.findProblem(id, tx, true);
      if (!problem) throw notFound('problem', id);
      assertAllowed(canActOnProblem(user, problemScope(problem, campaign), POLICY_ACTION[body.action]));
      const role = ROLE_FOR[body.action];
      if (role && user.role !== role)
        throw forbidden(`only ${role}s may ${body.action} a problem (you are ${user.role})`);
      const command = this.commandOf(body, problem, user);
      const result = transitionProblem(lifecycleOf(problem), command, { joint: campaign.joint, now });
      if (!result.ok) throw new DomainError(ErrorKind.IllegalTransition, result.code, result.message);
      const from = problem.state;
      const next: Partial<ProblemEntity> = {
        ...problem,
        state: result.next.state,
        deadline: result.next.deadline ? new Date(result.next.deadline) : null,
        verifications: result.next.verifications,
        closedAt: result.next.closedAt ? new Date(result.next.closedAt) : null,
        updatedAt: now,
        ...(body.action === 'plan' ? { plan: body.plan } : {}),
        ...(body.action === 'submit' ? { rectificationEvidence: body.evidence } : {}),
      };
      await this.repo.saveProblem(next, tx);
      await this.audit(tx, problem, user, body, from, result.next.state, now);
      return { before: from, after: (await this.repo.findProblem(id, tx))! };
    });
    await this.notify(campaign, after, `problem.${body.action}`, {
      from: before,
      to: after.state,
      by: user.username,
    });
    return this.get(user, id);
  }

  private commandOf(body: ActionBody, problem: ProblemEntity, user: Principal): ProblemCommand {
    switch (body.action) {
      case 'handover': {
        // a list imported with 整改时限 already carries the deadline; the body may set or change it
        const deadline = body.deadline
          ? deadlineInstant(body.deadline)
          : (problem.deadline?.toISOString() ?? '');
        return { action: 'handover', deadline, note: body.note };
      }
      case 'plan':
        return { action: 'plan', plan: body.plan };
      case 'submit':
        return { action: 'submit', evidence: body.evidence, note: body.note };
      case 'verify':
        return { action: 'verify', province: user.province, userId: user.userId, note: body.note };
      case 'reject':
        return { action: 'reject', reason: body.reason };
      case 'close':
        return { action: 'close', note: body.note };
    }
  }

  private async audit(
    tx: EntityManager,
    problem: ProblemEntity,
    user: Principal,
    body: ActionBody,
    from: string,
    to: string,
    at: Date,
  ): Promise<void> {
    const { action, ...rest } = body;
    const note = 'reason' in rest ? rest.reason : 'plan' in rest ? rest.plan : (rest.note ?? null);
    await this.repo.appendEvent(
      {
        problemId: problem.id,
        campaignId: problem.campaignId,
        action,
        fromState: from,
        toState: to,
        ...actorColumns(user),
        note,
        detail: { ...rest },
        at,
      },
      tx,
    );
  }

  private async load(
    user: Principal,
    id: string,
    mustSee = true,
  ): Promise<{ problem: ProblemEntity; campaign: CampaignEntity }> {
    const problem = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.findProblem(id) : null;
    if (!problem) throw notFound('problem', id);
    const campaign = (await this.repo.findCampaign(problem.campaignId))!;
    if (mustSee && !canSeeProblem(user, problemScope(problem, campaign)).allowed)
      throw notFound('problem', id);
    return { problem, campaign };
  }

  assertJurisdictionInCampaign(campaign: CampaignEntity, province: string, field = 'province'): void {
    if (!(campaign.provinces as string[]).includes(province))
      throw validationFailed([
        { field, message: `the campaign involves ${campaign.provinces.join('/')} only` },
      ]);
  }

  /** MQTT platform/problems/{campaignId}, SSE and webhooks; never fails the move itself. */
  async notify(
    campaign: CampaignEntity,
    problem: ProblemEntity,
    type: string,
    extra: Record<string, unknown>,
  ) {
    try {
      await this.events.publish({
        type,
        topic: topics.problemEvent(campaign.id),
        province: campaign.provinces,
        river: campaign.rivers[0],
        payload: {
          campaignId: campaign.id,
          problemId: problem.id,
          seq: problem.seq,
          title: problem.title,
          jurisdiction: { province: problem.province, district: problem.district },
          state: problem.state,
          deadline: problem.deadline?.toISOString() ?? null,
          ...extra,
        },
        occurredAt: new Date(),
      });
    } catch (error) {
      this.logger.warn({ err: error, type }, 'problem event not published');
    }
  }
}
