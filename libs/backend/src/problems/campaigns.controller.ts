import { Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ValidBody, ValidQuery } from '../http/zod-validation';
import { CurrentUser, Roles } from '../identity/current-user.decorator';
import type { Principal } from '../identity/principal';
import { CampaignsService } from './campaigns.service';
import { ProblemListService } from './problem-list.service';
import { readUpload } from './read-upload';
import {
  createCampaignBody,
  CreateCampaignBody,
  createProblemBody,
  CreateProblemBody,
  exportQuery,
  listCampaignsQuery,
  ListCampaignsQuery,
  listProblemsQuery,
  ListProblemsQuery,
  updateCampaignBody,
  UpdateCampaignBody,
} from './problems.dto';
import { ProblemsService } from './problems.service';
import { WaterQualityEffectService } from './water-quality-effect.service';

/** Joint inspection campaigns (联动督察) and their problem lists. */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('api/v1/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly problems: ProblemsService,
    private readonly lists: ProblemListService,
    private readonly effect: WaterQualityEffectService,
  ) {}

  @Post()
  @Roles('inspector', 'operator')
  @ApiOperation({
    summary: 'Create a campaign (basin, rivers, stations, dates, inspectors of both provinces)',
  })
  create(@CurrentUser() user: Principal, @ValidBody(createCampaignBody) body: CreateCampaignBody) {
    return this.campaigns.create(user, body);
  }

  @Get()
  @ApiOperation({ summary: 'Campaigns involving your province (operators: all)' })
  list(@CurrentUser() user: Principal, @ValidQuery(listCampaignsQuery) query: ListCampaignsQuery) {
    return this.campaigns.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One campaign with the progress of its list' })
  get(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.campaigns.get(user, id);
  }

  @Patch(':id')
  @Roles('inspector', 'operator')
  @ApiOperation({ summary: 'Change a campaign (its inspectors or an operator)' })
  update(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @ValidBody(updateCampaignBody) body: UpdateCampaignBody,
  ) {
    return this.campaigns.update(user, id, body);
  }

  @Get(':id/progress')
  @ApiOperation({
    summary: 'Counts by state, % closed (销号率) and overdue, per jurisdiction ("19+15") and in total',
  })
  progress(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.campaigns.progress(user, id);
  }

  @Get(':id/water-quality')
  @ApiOperation({
    summary:
      'Effect on water quality at the linked stations: section class in the month before the campaign vs the last month',
  })
  waterQuality(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.effect.effect(user, id);
  }

  @Get(':id/problems')
  @ApiOperation({ summary: 'The list, by 序号; filter by jurisdiction (province, district), state, overdue' })
  problemsOf(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @ValidQuery(listProblemsQuery) query: ListProblemsQuery,
  ) {
    return this.problems.list(user, id, query);
  }

  @Post(':id/problems')
  @Roles('inspector', 'operator')
  @ApiOperation({ summary: 'Record one problem on the list (state found)' })
  addProblem(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @ValidBody(createProblemBody) body: CreateProblemBody,
  ) {
    return this.problems.create(user, id, body);
  }

  @Post(':id/import')
  @Roles('inspector', 'operator')
  @HttpCode(HttpStatus.CREATED)
  @ApiConsumes('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({
    summary: 'Import a list from CSV or XLSX (raw body), all or nothing',
    description:
      'Columns: 序号, 问题, 问题描述, 类别, 属地 (e.g. "CQ 梁平区"), 发现方, 严重程度, 位置, 经度, 纬度, 关联站点, 证据, 整改时限, 备注. Every bad cell is reported in `errors` as `line N: <column>`.',
  })
  @ApiBadRequestResponse({ description: 'RFC 9457 problem listing each bad line; nothing imported' })
  async import(@CurrentUser() user: Principal, @Param('id') id: string, @Req() req: Request) {
    const { body, contentType } = await readUpload(req);
    return this.lists.importList(user, id, body, contentType);
  }

  @Get(':id/export')
  @ApiOperation({
    summary: 'The list as an official table: 序号, 问题, 类别, 属地, 发现方, 整改时限, 状态, 销号日期, 备注',
  })
  async export(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @ValidQuery(exportQuery) query: z.infer<typeof exportQuery>,
    @Res() res: Response,
  ) {
    const file = await this.lists.exportList(user, id, query.format);
    const ascii = `campaign-${id}.${query.format}`;
    res
      .type(file.contentType)
      .setHeader(
        'Content-Disposition',
        `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      )
      .send(file.body);
  }
}
