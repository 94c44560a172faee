import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { accessTokenFromQuery } from './access-token-query.middleware';
import { EventsCoreModule } from './events-core.module';
import { EventsController } from './events.controller';
import { WebhookEntity } from './webhook.entity';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Notifications with their HTTP API: `EventsService.publish(event)` → MQTT `platform/…`, SSE
 * `GET /api/v1/events`, webhooks (`/api/v1/webhooks`, operator).
 */
@Module({
  imports: [EventsCoreModule, TypeOrmModule.forFeature([WebhookEntity])],
  controllers: [EventsController, WebhooksController],
  providers: [WebhooksService],
  exports: [EventsCoreModule],
})
export class EventsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(accessTokenFromQuery).forRoutes({ path: 'api/v1/events', method: RequestMethod.GET });
  }
}
