import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../http/public.decorator';
import { HealthRegistry } from './health.registry';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly registry: HealthRegistry,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary: 'Database, broker and telemetry store status (200 when all are up, 503 otherwise)',
  })
  check() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 3000 }),
      ...this.registry.all(),
    ]);
  }
}
