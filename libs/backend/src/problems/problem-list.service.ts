import { Injectable } from '@nestjs/common';
import {
  isOverdue,
  PROBLEM_CATEGORY_LABELS,
  PROBLEM_STATE_LABELS,
  ProblemDraft,
  RowError,
  validateRows,
} from '@river/workflow';
import { validationFailed } from '../errors/domain-error';
import type { Principal } from '../identity/principal';
import { CampaignsService } from './campaigns.service';
import type { ProblemEntity } from './problem.entity';
import { ExportRow, readSheet, writeCsv, writeXlsx, XLSX_TYPE } from './problem-sheet';
import { actorColumns, ProblemsService } from './problems.service';
import { ProblemsRepository } from './problems.repository';
import { StationCheck } from './station-check';

const PROVINCE_NAMES = { CQ: '重庆', SC: '四川' } as const;
const DISTRICT_PREFIX = { CQ: '重庆市', SC: '四川省' } as const;

/** YYYY-MM-DD of an instant in China time (UTC+8), as official tables write dates. */
export function chinaDate(at: Date | null): string {
  return at ? new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : '';
}

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

/** Import (all-or-nothing) and export of a campaign's whole list. */
@Injectable()
export class ProblemListService {
  constructor(
    private readonly repo: ProblemsRepository,
    private readonly campaigns: CampaignsService,
    private readonly problems: ProblemsService,
    private readonly stations: StationCheck,
  ) {}

  /** Every bad row is reported (`line N: 属地`); nothing is stored unless every row is good. */
  async importList(user: Principal, campaignId: string, body: Buffer, contentType: string) {
    const campaign = await this.campaigns.visible(user, campaignId);
    this.campaigns.assertCanEdit(user, campaign);
    const sheet = await readSheet(body, contentType);
    const created = await this.repo.transaction(async (tx) => {
      await this.repo.lockCampaignList(campaignId, tx);
      const { drafts, errors } = validateRows(
        sheet.headers,
        sheet.rows,
        await this.repo.usedSeqs(campaignId, tx),
      );
      errors.push(...(await this.crossChecks(drafts, campaign.provinces)));
      errors.sort((a, b) => lineOf(a) - lineOf(b));
      if (errors.length > 0)
        throw validationFailed(errors, `the list has ${errors.length} error(s); nothing was imported`);
      const saved: ProblemEntity[] = [];
      for (const draft of drafts) {
        const { line, ...fields } = draft;
        const problem = await this.repo.saveProblem(
          {
            ...fields,
            seq: fields.seq!,
            campaignId,
            caseIds: [],
            deadline: draft.deadline ? new Date(draft.deadline) : null,
            state: 'found',
            rectificationEvidence: [],
            verifications: [],
          },
          tx,
        );
        await this.repo.appendEvent(
          {
            problemId: problem.id,
            campaignId,
            action: 'imported',
            toState: 'found',
            ...actorColumns(user),
            detail: { line },
          },
          tx,
        );
        saved.push(problem);
      }
      return saved;
    });
    for (const problem of created)
      await this.problems.notify(campaign, problem, 'problem.created', { imported: true });
    return {
      imported: created.length,
      items: created.map((p) => ({ id: p.id, seq: p.seq, title: p.title })),
    };
  }

  /** Checks that need the campaign or the catalogue: jurisdiction in the campaign, linked stations exist. */
  private async crossChecks(drafts: ProblemDraft[], provinces: string[]): Promise<RowError[]> {
    const errors: RowError[] = [];
    for (const draft of drafts) {
      if (!provinces.includes(draft.province))
        errors.push({
          field: `line ${draft.line}: 属地`,
          message: `the campaign involves ${provinces.join('/')} only`,
        });
      errors.push(
        ...(await this.stations.unknown(draft.stationCodes, `line ${draft.line}: 关联站点`, false)),
      );
    }
    return errors;
  }

  async exportList(user: Principal, campaignId: string, format: 'csv' | 'xlsx'): Promise<ExportFile> {
    const campaign = await this.campaigns.visible(user, campaignId);
    const now = new Date();
    const rows = (await this.repo.listProblems({ campaignId })).map((p) => exportRow(p, now));
    const base = `${campaign.name}-问题清单`;
    if (format === 'csv')
      return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: writeCsv(rows) };
    return { filename: `${base}.xlsx`, contentType: XLSX_TYPE, body: await writeXlsx(campaign.name, rows) };
  }
}

const lineOf = (e: RowError) => Number(/^line (\d+)/.exec(e.field)?.[1] ?? 0);

export function exportRow(p: ProblemEntity, now: Date): ExportRow {
  const overdue = isOverdue({ state: p.state, deadline: p.deadline?.toISOString() ?? null }, now);
  const remarks = [overdue ? '逾期' : '', p.note].filter(Boolean).join('；');
  const row: ExportRow = {
    序号: p.seq,
    问题: p.title,
    类别: PROBLEM_CATEGORY_LABELS[p.category],
    属地: `${DISTRICT_PREFIX[p.province]}${p.district}`,
    发现方: PROVINCE_NAMES[p.foundBy],
    整改时限: chinaDate(p.deadline),
    状态: PROBLEM_STATE_LABELS[p.state],
    销号日期: chinaDate(p.closedAt),
    备注: remarks,
  };
  return row;
}
