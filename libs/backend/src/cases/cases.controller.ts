import { Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AlertSettingsOverride } from '@river/alerting';
import { ValidBody, ValidQuery } from '../http/zod-validation';
import { CurrentUser, Roles } from '../identity/current-user.decorator';
import type { Principal } from '../identity/principal';
import { AlertRulesService } from './alert-rules.service';
import {
  acknowledgeBody,
  alertRulesBody,
  type AlertRulesBody,
  caseListQuery,
  type CaseListQuery,
  closeBody,
  commentBody,
  type CommentBody,
  dismissBody,
  dispatchBody,
  reopenBody,
  resolveBody,
} from './cases.dto';
import { CasesService } from './cases.service';
import { z } from 'zod';

/** River chief cases (SPEC §6). The acting user's province and role come from authentication. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly alertRules: AlertRulesService,
  ) {}

  @Get('cases')
  list(@ValidQuery(caseListQuery) query: CaseListQuery, @CurrentUser() user: Principal) {
    return this.cases.list(query, user);
  }

  @Get('cases/:id')
  get(@Param('id') id: string, @CurrentUser() user: Principal) {
    return this.cases.get(id, user);
  }

  @Post('cases/:id/acknowledge')
  @HttpCode(200)
  acknowledge(
    @Param('id') id: string,
    @ValidBody(acknowledgeBody) body: z.infer<typeof acknowledgeBody>,
    @CurrentUser() user: Principal,
  ) {
    return this.cases.act(id, { action: 'acknowledge', note: body.note }, user);
  }

  @Post('cases/:id/dispatch')
  @HttpCode(200)
  dispatch(
    @Param('id') id: string,
    @ValidBody(dispatchBody) body: z.infer<typeof dispatchBody>,
    @CurrentUser() user: Principal,
  ) {
    return this.cases.act(id, { action: 'dispatch', ...body }, user);
  }

  @Post('cases/:id/resolve')
  @HttpCode(200)
  resolve(
    @Param('id') id: string,
    @ValidBody(resolveBody) body: z.infer<typeof resolveBody>,
    @CurrentUser() user: Principal,
  ) {
    return this.cases.act(
      id,
      { action: 'resolve', cause: body.cause, action_: body.action, note: body.note },
      user,
    );
  }

  @Post('cases/:id/close')
  @HttpCode(200)
  close(
    @Param('id') id: string,
    @ValidBody(closeBody) body: z.infer<typeof closeBody>,
    @CurrentUser() user: Principal,
  ) {
    return this.cases.act(id, { action: 'close', note: body.note }, user);
  }

  @Post('cases/:id/dismiss')
  @HttpCode(200)
  dismiss(
    @Param('id') id: string,
    @ValidBody(dismissBody) body: z.infer<typeof dismissBody>,
    @CurrentUser() user: Principal,
  ) {
    return this.cases.act(id, { action: 'dismiss', ...body }, user);
  }

  @Post('cases/:id/reopen')
  @HttpCode(200)
  reopen(
    @Param('id') id: string,
    @ValidBody(reopenBody) body: z.infer<typeof reopenBody>,
    @CurrentUser() user: Principal,
  ) {
    return this.cases.act(id, { action: 'reopen', ...body }, user);
  }

  @Post('cases/:id/comments')
  comment(
    @Param('id') id: string,
    @ValidBody(commentBody) body: CommentBody,
    @CurrentUser() user: Principal,
  ) {
    return this.cases.comment(id, body, user);
  }

  @Get('stations/:code/alert-rules')
  @Roles('operator')
  getAlertRules(@Param('code') code: string) {
    return this.alertRules.get(code);
  }

  @Put('stations/:code/alert-rules')
  @Roles('operator')
  putAlertRules(
    @Param('code') code: string,
    @ValidBody(alertRulesBody) body: AlertRulesBody,
    @CurrentUser() user: Principal,
  ) {
    return this.alertRules.put(code, body as AlertSettingsOverride, user);
  }
}
