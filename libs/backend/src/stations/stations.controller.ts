import { Controller, Get, HttpCode, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Roles } from '../identity/current-user.decorator';
import { Public } from '../http/public.decorator';
import { ValidQuery } from '../http/zod-validation';
import { readCatalogueUpload } from './catalogue-upload';
import {
  exportQuery,
  RiverListQuery,
  riverListQuery,
  StationListQuery,
  stationListQuery,
} from './stations.dto';
import { StationsService } from './stations.service';

@ApiTags('stations')
@Controller('api/v1')
export class StationsController {
  constructor(private readonly stations: StationsService) {}

  @Get('stations')
  @Public()
  @ApiOperation({
    summary:
      'Stations (sections) of the catalogue, by code; filter by river, province, kind or the class now',
  })
  list(@ValidQuery(stationListQuery) query: StationListQuery) {
    return this.stations.list(query);
  }

  @Get('stations/export')
  @ApiOperation({ summary: 'The whole catalogue as CSV or JSON (the import format)' })
  async export(@ValidQuery(exportQuery) query: z.infer<typeof exportQuery>, @Res() res: Response) {
    const body = await this.stations.export(query.format);
    res
      .type(query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json')
      .attachment(`stations.${query.format}`)
      .send(body);
  }

  @Post('stations/import')
  @Roles('operator')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('text/csv', 'application/json')
  @ApiOperation({
    summary: 'Import a catalogue (CSV or JSON): stations are created or replaced by code, all or nothing',
    description:
      'Every bad row is reported in `errors` with its line number; nothing is stored unless the whole file is valid.',
  })
  @ApiBadRequestResponse({ description: 'RFC 9457 problem listing each bad line' })
  async import(@Req() req: Request) {
    const { text, format } = await readCatalogueUpload(req);
    return this.stations.import(text, format);
  }

  @Get('stations/:code')
  @Public()
  @ApiOperation({
    summary:
      'One station: record, latest graded reading, compliance, upstream/downstream neighbours and ETAs',
  })
  detail(@Param('code') code: string) {
    return this.stations.detail(code);
  }

  @Get('rivers')
  @Public()
  @ApiOperation({ summary: 'Rivers with their stations in flow order and the provinces they cross' })
  rivers(@ValidQuery(riverListQuery) query: RiverListQuery) {
    return this.stations.rivers(query);
  }
}
