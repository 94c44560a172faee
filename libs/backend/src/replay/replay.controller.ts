import {
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  MessageEvent,
  Param,
  Post,
  Req,
  Res,
  Sse,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ParameterKey } from '@river/contracts';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { ValidBody, ValidQuery } from '../http/zod-validation';
import { CurrentUser, Roles } from '../identity/current-user.decorator';
import type { Principal } from '../identity/principal';
import { reportTable } from './replay-report';
import {
  createReplayBody,
  type CreateReplayBody,
  plotQuery,
  type PlotQuery,
  replayListQuery,
  type ReplayListQuery,
  reportQuery,
  type ReportQuery,
} from './replay.dto';
import { ReplayService } from './replay.service';

/** Replay of the raw journal (SPEC §8), operators only. */
@ApiTags('replay')
@ApiBearerAuth()
@Controller('api/v1/replays')
export class ReplayController {
  constructor(private readonly replays: ReplayService) {}

  @Post()
  @Roles('operator')
  @ApiOperation({ summary: 'Start a replay job (sandbox, live or mqtt); 201 with the job' })
  create(@ValidBody(createReplayBody) body: CreateReplayBody, @CurrentUser() user: Principal) {
    return this.replays.create(body, user);
  }

  @Get()
  @Roles('operator')
  @ApiOperation({ summary: 'Replay jobs, newest first' })
  list(@ValidQuery(replayListQuery) query: ReplayListQuery) {
    return this.replays.list(query);
  }

  @Get(':id')
  @Roles('operator')
  @ApiOperation({ summary: 'One job with its progress (done/total, rate, ETA)' })
  get(@Param('id') id: string) {
    return this.replays.get(id);
  }

  @Post(':id/pause')
  @Roles('operator')
  @HttpCode(200)
  pause(@Param('id') id: string) {
    return this.replays.pause(id);
  }

  @Post(':id/resume')
  @Roles('operator')
  @HttpCode(200)
  resume(@Param('id') id: string) {
    return this.replays.resume(id);
  }

  @Post(':id/cancel')
  @Roles('operator')
  @HttpCode(200)
  cancel(@Param('id') id: string) {
    return this.replays.cancel(id);
  }

  @Get(':id/report')
  @Roles('operator')
  @ApiOperation({ summary: 'The report (JSON; a text table with ?format=table or Accept: text/plain)' })
  async report(
    @Param('id') id: string,
    @ValidQuery(reportQuery) query: ReportQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const report = await this.replays.report(id);
    const wantsText =
      query.format === 'table' ||
      (query.format !== 'json' && (req.headers.accept ?? '').startsWith('text/plain'));
    if (!wantsText) return report;
    res.type('text/plain; charset=utf-8');
    return reportTable(report);
  }

  @Get(':id/plot.svg')
  @Roles('operator')
  @Header('content-type', 'image/svg+xml; charset=utf-8')
  @ApiOperation({ summary: "One station's parameter, live vs replayed (SVG)" })
  plot(@Param('id') id: string, @ValidQuery(plotQuery) query: PlotQuery) {
    return this.replays.plot(id, query.station, query.parameter as ParameterKey);
  }

  @Sse(':id/events')
  @Roles('operator')
  @ApiOperation({ summary: 'Progress events (SSE) until the job stops; ?access_token= accepted' })
  events(@Param('id') id: string): Observable<MessageEvent> {
    return this.replays.progress(id).pipe(map((view): MessageEvent => ({ type: 'progress', data: view })));
  }

  @Delete(':id')
  @Roles('operator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a replay and its sandbox data (cancels it first if under way)' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.replays.remove(id);
  }
}
