import { Module } from '@nestjs/common';
import { EventsBridge } from './events-bridge';
import { EventsService } from './events.service';
import { WebhookOutbox } from './webhook-outbox.service';

/** `EventsService.publish` and the webhook outbox, without routes (for the ingestion side). */
@Module({
  providers: [EventsService, WebhookOutbox, EventsBridge],
  exports: [EventsService, WebhookOutbox],
})
export class EventsCoreModule {}
