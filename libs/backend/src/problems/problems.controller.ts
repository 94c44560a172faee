import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { ValidBody } from '../http/zod-validation';
import { CurrentUser } from '../identity/current-user.decorator';
import type { Principal } from '../identity/principal';
import { closeBody, handoverBody, planBody, rejectBody, submitBody, verifyBody } from './problems.dto';
import { ProblemsService } from './problems.service';

/** One problem and its life cycle: handover → plan → submit → verify → close (reject sends it back). */
@ApiTags('problems')
@ApiBearerAuth()
@ApiForbiddenResponse({
  description: 'not your jurisdiction / not an inspector of this campaign (reason in detail)',
})
@ApiConflictResponse({
  description: 'illegal move for the current state (e.g. closing before both provinces verified)',
})
@Controller('api/v1/problems')
export class ProblemsController {
  constructor(private readonly problems: ProblemsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'One problem with its timeline (every move: who, role, province, when, note)' })
  get(@CurrentUser() user: Principal, @Param('id') id: string) {
    return this.problems.get(user, id);
  }

  @Post(':id/handover')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '交办: hand over to the jurisdiction with a rectification deadline (inspectors)' })
  handover(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @ValidBody(handoverBody) body: z.infer<typeof handoverBody>,
  ) {
    return this.problems.act(user, id, { action: 'handover', ...body });
  }

  @Post(':id/plan')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '整改: record the rectification plan (officers of the jurisdiction)' })
  plan(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @ValidBody(planBody) body: z.infer<typeof planBody>,
  ) {
    return this.problems.act(user, id, { action: 'plan', ...body });
  }

  @Post(':id/submit')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Submit rectification evidence (officers of the jurisdiction)' })
  submit(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @ValidBody(submitBody) body: z.infer<typeof submitBody>,
  ) {
    return this.problems.act(user, id, { action: 'submit', ...body });
  }

  @Post(':id/verify')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "核查: record your province's verification (campaign inspectors; joint: both provinces)",
  })
  verify(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @ValidBody(verifyBody) body: z.infer<typeof verifyBody>,
  ) {
    return this.problems.act(user, id, { action: 'verify', ...body });
  }

  @Post(':id/reject')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Send a submitted/verified problem back to rectifying, with the reason (campaign inspectors)',
  })
  reject(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @ValidBody(rejectBody) body: z.infer<typeof rejectBody>,
  ) {
    return this.problems.act(user, id, { action: 'reject', ...body });
  }

  @Post(':id/close')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '销号: close a verified problem (campaign inspectors; joint: both provinces verified)',
  })
  close(
    @CurrentUser() user: Principal,
    @Param('id') id: string,
    @ValidBody(closeBody) body: z.infer<typeof closeBody>,
  ) {
    return this.problems.act(user, id, { action: 'close', ...body });
  }
}
