import { Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ValidBody } from '../http/zod-validation';
import { CurrentUser, Roles } from '../identity/current-user.decorator';
import type { Principal } from '../identity/principal';
import {
  createWebhookBody,
  type CreateWebhookBody,
  updateWebhookBody,
  type UpdateWebhookBody,
} from './events.dto';
import { WebhooksService } from './webhooks.service';

/** Webhook subscriptions (operator). Deliveries are signed with `X-River-Signature: sha256=…`. */
@ApiTags('events')
@ApiBearerAuth()
@Roles('operator')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  list() {
    return this.webhooks.list();
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.webhooks.get(id);
  }

  @Post()
  create(@ValidBody(createWebhookBody) body: CreateWebhookBody, @CurrentUser() user: Principal) {
    return this.webhooks.create(body, user);
  }

  @Patch(':id')
  update(@Param('id') id: string, @ValidBody(updateWebhookBody) body: UpdateWebhookBody) {
    return this.webhooks.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.webhooks.remove(id);
  }
}
