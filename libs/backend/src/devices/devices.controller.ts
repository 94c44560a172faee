import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../identity/current-user.decorator';
import { ValidBody } from '../http/zod-validation';
import { DevicesService } from './devices.service';

const disableBody = z.object({ disabled: z.boolean() });

/** Device registry (SPEC §5, §10). The secret is in the response once and never again. */
@ApiTags('devices')
@ApiBearerAuth()
@Controller('api/v1')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Post('stations/:code/devices')
  @Roles('operator')
  create(@Param('code') code: string) {
    return this.devices.create(code);
  }

  @Get('stations/:code/devices')
  @Roles('operator')
  async list(@Param('code') code: string) {
    return { items: await this.devices.list(code), nextCursor: null };
  }

  @Get('devices/:id')
  @Roles('operator')
  get(@Param('id') id: string) {
    return this.devices.view(id);
  }

  @Post('devices/:id/rotate-secret')
  @Roles('operator')
  @HttpCode(200)
  rotate(@Param('id') id: string) {
    return this.devices.rotateSecret(id);
  }

  /** `{"disabled": true}` refuses the device's next CONNECT and drops its current connection. */
  @Post('devices/:id/disabled')
  @Roles('operator')
  @HttpCode(200)
  setDisabled(@Param('id') id: string, @ValidBody(disableBody) body: z.infer<typeof disableBody>) {
    return this.devices.setDisabled(id, body.disabled);
  }
}
