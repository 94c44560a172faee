import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { notFound } from '../errors/domain-error';
import type { Principal } from '../identity/principal';
import type { CreateWebhookBody, UpdateWebhookBody } from './events.dto';
import { WebhookEntity, webhookView } from './webhook.entity';

@Injectable()
export class WebhooksService {
  constructor(@InjectRepository(WebhookEntity) private readonly webhooks: Repository<WebhookEntity>) {}

  async list() {
    const rows = await this.webhooks.find({ order: { createdAt: 'ASC' } });
    return { items: rows.map(webhookView), nextCursor: null };
  }

  async get(id: string) {
    return webhookView(await this.find(id));
  }

  /** The secret is returned once, here. */
  async create(body: CreateWebhookBody, actor: Principal) {
    const secret = body.secret ?? randomBytes(24).toString('base64url');
    const saved = await this.webhooks.save(
      this.webhooks.create({
        url: body.url,
        secret,
        eventTypes: body.eventTypes ?? null,
        provinces: body.provinces ?? null,
        river: body.river ?? null,
        active: body.active,
        createdBy: actor.username,
      }),
    );
    return { ...webhookView(saved), secret };
  }

  async update(id: string, body: UpdateWebhookBody) {
    const hook = await this.find(id);
    if (body.url !== undefined) hook.url = body.url;
    if (body.eventTypes !== undefined) hook.eventTypes = body.eventTypes;
    if (body.provinces !== undefined) hook.provinces = body.provinces;
    if (body.river !== undefined) hook.river = body.river;
    if (body.active !== undefined) hook.active = body.active;
    return webhookView(await this.webhooks.save(hook));
  }

  async remove(id: string): Promise<void> {
    const result = await this.webhooks.delete({ id });
    if (!result.affected) throw notFound('webhook', id);
  }

  private async find(id: string): Promise<WebhookEntity> {
    const uuid = /^[0-9a-f-]{36}$/i.test(id);
    const hook = uuid ? await this.webhooks.findOneBy({ id }) : null;
    if (!hook) throw notFound('webhook', id);
    return hook;
  }
}
