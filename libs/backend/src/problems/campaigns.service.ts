import { Injectable } from '@nestjs/common';
import { progressByJurisdiction, progressOf } from '@river/workflow';
import {
  DomainError,
  ErrorKind,
  FieldError,
  forbidden,
  notFound,
  validationFailed,
} from '../errors/domain-error';
import { decodeCursor, Page, toPage } from '../http/pagination';
import { assertAllowed, canCreateCampaign } from '../identity/policy';
import type { Principal } from '../identity/principal';
import { UsersService } from '../identity/users.service';
import type { CampaignEntity } from './campaign.entity';
import type { CreateCampaignBody, ListCampaignsQuery, UpdateCampaignBody } from './problems.dto';
import { campaignView, progressItemOf } from './problem-views';
import { canSeeCampaign } from './problem-scope';
import { ProblemsRepository } from './problems.repository';
import { StationCheck } from './station-check';

export type CampaignView = ReturnType<typeof campaignView>;

@Injectable()
export class CampaignsService {
  constructor(
    private readonly repo: ProblemsRepository,
    private readonly users: UsersService,
    private readonly stations: StationCheck,
  ) {}

  async create(user: Principal, body: CreateCampaignBody): Promise<CampaignView> {
    const provinces = body.provinces ?? (body.joint ? (['CQ', 'SC'] as const) : [user.province]);
    if (body.joint && provinces.length < 2)
      throw validationFailed([{ field: 'provinces', message: 'a joint campaign involves both CQ and SC' }]);
    assertAllowed(canCreateCampaign(user, [...provinces]));
    await this.checkReferences(body.inspectorIds, body.stationCodes);
    const saved = await this.repo.saveCampaign({
      ...body,
      endsOn: body.endsOn ?? null,
      provinces: [...new Set(provinces)],
      inspectorIds: [...new Set(body.inspectorIds)],
      createdBy: user.userId,
    });
    return campaignView((await this.repo.findCampaign(saved.id))!);
  }

  async list(user: Principal, query: ListCampaignsQuery): Promise<Page<CampaignView>> {
    const rows = await this.repo.listCampaigns(user.role === 'operator' ? null : user, {
      ...query,
      after: decodeCursor(query.cursor),
    });
    const page = toPage(rows, query.limit, (c) => ({ key: c.startsOn, id: c.id }));
    return { items: page.items.map(campaignView), nextCursor: page.nextCursor };
  }

  /** A campaign the user may see, or 404 (not 403: its existence is not disclosed). */
  async visible(user: Principal, id: string): Promise<CampaignEntity> {
    const campaign = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.findCampaign(id) : null;
    if (!campaign || !canSeeCampaign(user, campaign)) throw notFound('campaign', id);
    return campaign;
  }

  /** Only an operator or one of the campaign's inspectors edits it and its list. */
  assertCanEdit(user: Principal, campaign: CampaignEntity): void {
    if (user.role === 'operator') return;
    if (user.role === 'inspector' && campaign.inspectorIds.includes(user.userId)) return;
    throw forbidden('only the inspectors of this campaign (or an operator) may change it');
  }

  async get(user: Principal, id: string) {
    const campaign = await this.visible(user, id);
    const now = new Date();
    const items = (await this.repo.listProblems({ campaignId: id })).map(progressItemOf);
    return { ...campaignView(campaign), progress: progressOf(items, now) };
  }

  async update(user: Principal, id: string, body: UpdateCampaignBody): Promise<CampaignView> {
    const campaign = await this.visible(user, id);
    this.assertCanEdit(user, campaign);
    if (campaign.status === 'closed' && body.status !== undefined && body.status !== 'closed')
      throw new DomainError(
        ErrorKind.IllegalTransition,
        'campaign_closed',
        'a closed campaign cannot be reopened',
      );
    await this.checkReferences(body.inspectorIds ?? [], body.stationCodes ?? []);
    const next = { ...campaign, ...body, updatedAt: new Date() };
    if (next.endsOn && next.endsOn < next.startsOn)
      throw validationFailed([{ field: 'endsOn', message: 'is before startsOn' }]);
    await this.repo.saveCampaign(next);
    return campaignView((await this.repo.findCampaign(id))!);
  }

  /** Progress per jurisdiction (the "19+15" split) and for the whole list. */
  async progress(user: Principal, id: string) {
    await this.visible(user, id);
    const now = new Date();
    const items = (await this.repo.listProblems({ campaignId: id })).map(progressItemOf);
    return {
      campaignId: id,
      at: now.toISOString(),
      total: progressOf(items, now),
      byJurisdiction: progressByJurisdiction(items, now),
    };
  }

  /** Every listed inspector must be an existing user with the inspector role; stations must exist. */
  private async checkReferences(ids: string[], stationCodes: string[]): Promise<void> {
    const errors: FieldError[] = await this.stations.unknown(stationCodes, 'stationCodes');
    for (const [index, id] of ids.entries()) {
      const user = await this.users.get(id).catch(() => undefined);
      if (!user) errors.push({ field: `inspectorIds.${index}`, message: `user ${id} does not exist` });
      else if (user.role !== 'inspector')
        errors.push({
          field: `inspectorIds.${index}`,
          message: `${user.username} is a ${user.role}, not an inspector`,
        });
    }
    if (errors.length > 0) throw validationFailed(errors);
  }
}
