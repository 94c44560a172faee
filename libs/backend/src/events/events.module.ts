import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { accessTokenFromQuery } from './access-token-query.middleware';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { WebhookEntity } from './webhook.entity';
import { WebhookOutbox } from './webhook-outbox.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Notifications: `EventsService.publish(event)` → MQTT `platform/…`, SSE `/api/v1/events`, webhooks. */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEntity])],
  controllers: [EventsController, WebhooksController],
  providers: [EventsService, WebhookOutbox, WebhooksService],
  exports: [EventsService, WebhookOutbox],
})
export class EventsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(accessTokenFromQuery).forRoutes({ path: 'api/v1/events', method: RequestMethod.GET });
  }
}
