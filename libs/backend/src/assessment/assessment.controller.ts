import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../http/public.decorator';
import { openApiSchema, ValidBody } from '../http/zod-validation';
import {
  assessmentRequestSchema,
  assessmentResponseSchema,
  batchAssessmentRequestSchema,
  batchAssessmentResponseSchema,
  type AssessmentRequest,
} from './assessment.dto';
import { AssessmentService } from './assessment.service';

const problem = { description: 'RFC 9457 problem; `errors[].field` names the bad field, e.g. `values.nh3n`' };

@ApiTags('assessments')
@Controller('api/v1/assessments')
export class AssessmentController {
  constructor(private readonly assessments: AssessmentService) {}

  @Post()
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Grade one sample against GB 3838-2002 (single-factor); stores nothing',
    description:
      'Per-item classes, section class, exceedance multiples over Class III, primary pollutants, status word, compliance with the target class and an explanation of every item.',
  })
  @ApiOkResponse({ schema: openApiSchema(assessmentResponseSchema) as never })
  @ApiBadRequestResponse(problem)
  assess(@ValidBody(assessmentRequestSchema) body: AssessmentRequest) {
    return this.assessments.assessOne(body);
  }

  @Post('batch')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Grade up to 500 samples (a JSON array of single requests); stores nothing',
    description:
      'All or nothing: one bad sample fails the request, and every bad field is listed as `{index}.values.{item}`. JSON bodies are limited to 100 KB (413 beyond).',
  })
  @ApiOkResponse({ schema: openApiSchema(batchAssessmentResponseSchema) as never })
  @ApiBadRequestResponse(problem)
  assessBatch(@ValidBody(batchAssessmentRequestSchema) body: AssessmentRequest[]) {
    return { items: this.assessments.assessBatch(body) };
  }
}
