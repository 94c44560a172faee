import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Principal } from '../identity/principal';
import { Cursor } from '../http/pagination';
import { CampaignEntity } from './campaign.entity';
import { ProblemEventEntity } from './problem-event.entity';
import { ProblemEntity } from './problem.entity';

export interface ProblemFilter {
  campaignId: string;
  province?: string;
  district?: string;
  state?: string;
  /** with `overdue`: only problems overdue (true) or not overdue (false) at this instant */
  overdueAt?: Date;
  overdue?: boolean;
  after?: Cursor;
  limit?: number;
}

export type TimelineEntry = Omit<ProblemEventEntity, 'id' | 'problemId' | 'campaignId'>;

/** The only door to the campaign, problem, problem_event and problem_reminder tables. */
@Injectable()
export class ProblemsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.db.manager;
  }

  findCampaign(id: string, tx?: EntityManager): Promise<CampaignEntity | null> {
    return this.manager(tx).findOne(CampaignEntity, { where: { id } });
  }

  saveCampaign(campaign: Partial<CampaignEntity>, tx?: EntityManager): Promise<CampaignEntity> {
    return this.manager(tx).save(CampaignEntity, campaign as CampaignEntity);
  }

  /** Campaigns a non-operator may see: those involving their province or naming them as inspector. */
  async listCampaigns(
    visibleTo: Principal | null,
    filter: { basin?: string; status?: string; after?: Cursor; limit: number },
  ): Promise<CampaignEntity[]> {
    const q = this.db.manager.createQueryBuilder(CampaignEntity, 'c');
    if (visibleTo)
      q.andWhere('(:province = ANY(c.provinces) OR :userId = ANY(c.inspector_ids))', {
        province: visibleTo.province,
        userId: visibleTo.userId,
      });
    if (filter.basin) q.andWhere('c.basin = :basin', { basin: filter.basin });
    if (filter.status) q.andWhere('c.status = :status', { status: filter.status });
    if (filter.after)
      q.andWhere('(c.starts_on, c.id) < (:key::date, :id::uuid)', {
        key: filter.after.key,
        id: filter.after.id,
      });
    return q
      .orderBy('c.starts_on', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(filter.limit + 1)
      .getMany();
  }

  findProblem(id: string, tx?: EntityManager, lock = false): Promise<ProblemEntity | null> {
    return this.manager(tx).findOne(ProblemEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  saveProblem(problem: Partial<ProblemEntity>, tx?: EntityManager): Promise<ProblemEntity> {
    return this.manager(tx).save(ProblemEntity, problem as ProblemEntity);
  }

  listProblems(filter: ProblemFilter, tx?: EntityManager): Promise<ProblemEntity[]> {
    const q = this.manager(tx)
      .createQueryBuilder(ProblemEntity, 'p')
      .where('p.campaign_id = :campaignId', { campaignId: filter.campaignId });
    if (filter.province) q.andWhere('p.province = :province', { province: filter.province });
    if (filter.district) q.andWhere('p.district = :district', { district: filter.district });
    if (filter.state) q.andWhere('p.state = :state', { state: filter.state });
    if (filter.overdueAt && filter.overdue !== undefined) {
      const overdue = `(p.state IN ('handed_over', 'rectifying') AND p.deadline < :now)`;
      q.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, { now: filter.overdueAt });
    }
    if (filter.after) q.andWhere('p.seq > :seq', { seq: Number(filter.after.key) });
    q.orderBy('p.seq', 'ASC');
    if (filter.limit !== undefined) q.take(filter.limit + 1);
    return q.getMany();
  }

  async usedSeqs(campaignId: string, tx?: EntityManager): Promise<Set<number>> {
    const rows: Array<{ seq: number }> = await this.manager(tx).query(
      'SELECT seq FROM inspection_problem WHERE campaign_id = $1',
      [campaignId],
    );
    return new Set(rows.map((r) => r.seq));
  }

  /** Serialises list edits of one campaign (numbering) for the length of the transaction. */
  async lockCampaignList(campaignId: string, tx: EntityManager): Promise<void> {
    await tx.query('SELECT id FROM inspection_campaign WHERE id = $1 FOR UPDATE', [campaignId]);
  }

  async appendEvent(event: Partial<ProblemEventEntity>, tx?: EntityManager): Promise<void> {
    await this.manager(tx).insert(ProblemEventEntity, event as QueryDeepPartialEntity<ProblemEventEntity>);
  }

  timeline(problemId: string): Promise<ProblemEventEntity[]> {
    return this.db.manager.find(ProblemEventEntity, { where: { problemId }, order: { id: 'ASC' } });
  }

  /** Open problems whose deadline is before `until` (reminder candidates). */
  openProblemsDueBefore(until: Date): Promise<ProblemEntity[]> {
    return this.db.manager
      .createQueryBuilder(ProblemEntity, 'p')
      .where(`p.state IN ('handed_over', 'rectifying') AND p.deadline <= :until`, { until })
      .orderBy('p.deadline', 'ASC')
      .getMany();
  }

  /** Records a reminder; false when it was already recorded (by this or another process). */
  async claimReminder(problemId: string, kind: string, deadline: Date, tx: EntityManager): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO problem_reminder (problem_id, kind, deadline) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING problem_id`,
      [problemId, kind, deadline],
    );
    return rows.length > 0;
  }
}
