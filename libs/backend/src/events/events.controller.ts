import { Controller, MessageEvent, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { filter, interval, map, merge, Observable } from 'rxjs';
import { ValidQuery } from '../http/zod-validation';
import { CurrentUser } from '../identity/current-user.decorator';
import type { Principal } from '../identity/principal';
import { eventStreamQuery, type EventStreamQuery } from './events.dto';
import { EventsService } from './events.service';
import { eventEnvelope, eventMatches, eventVisibleTo } from './platform-event';

/**
 * Server-sent events: the platform events this user may see (own province, joint ones; operators all),
 * from every process of the deployment (EventsBridge), filtered by `?province=&river=`.
 * Authenticated like every route; `?access_token=` is accepted because EventSource cannot send headers.
 */
@ApiTags('events')
@ApiBearerAuth()
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Sse()
  stream(
    @ValidQuery(eventStreamQuery) query: EventStreamQuery,
    @CurrentUser() user: Principal,
  ): Observable<MessageEvent> {
    const events = this.events.stream.pipe(
      filter((event) => eventVisibleTo(event, user) && eventMatches(event, query)),
      map((event): MessageEvent => ({ type: event.type, data: eventEnvelope(event) })),
    );
    // a comment-like heartbeat keeps proxies from closing an idle stream
    const heartbeat = interval(25_000).pipe(map((): MessageEvent => ({ type: 'heartbeat', data: {} })));
    return merge(events, heartbeat);
  }
}
