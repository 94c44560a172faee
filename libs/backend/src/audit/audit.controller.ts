import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ValidQuery } from '../http/zod-validation';
import { Roles } from '../identity/current-user.decorator';
import { auditQuery, AuditQuery } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('operator')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The audit trail, newest first (filters: user, action prefix, from, to, status)' })
  list(@ValidQuery(auditQuery) query: AuditQuery) {
    return this.audit.list(query);
  }
}
