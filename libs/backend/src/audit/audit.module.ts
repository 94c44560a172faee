import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditMiddleware } from './audit.middleware';
import { AuditService } from './audit.service';

/**
 * AuditService for every feature (global: the scheduler, ingestion and replay inject it directly) and
 * the response hook that records state-changing HTTP requests. Imported by both the API and the
 * ingestion side; the read endpoint lives in AuditHttpModule (API only, behind the guard).
 */
@Global()
@Module({
  providers: [AuditService, AuditMiddleware],
  exports: [AuditService],
})
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuditMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

@Module({ controllers: [AuditController] })
export class AuditHttpModule {}
