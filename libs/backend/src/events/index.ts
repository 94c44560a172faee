export * from './platform-event';
export { EventsService } from './events.service';
export { EventsModule } from './events.module';
export { EventsCoreModule } from './events-core.module';
