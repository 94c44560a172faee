import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, toPage, type Page } from '../http/pagination';
import { toCstIso } from '../telemetry/iso-time';

export interface DeadLetterFilter {
  reason?: string;
  device?: string;
  station?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

export interface DeadLetterView {
  id: string;
  receivedAt: string;
  reason: string;
  detail: string;
  topic: string;
  device: string | null;
  station: string | null;
  source: string;
  payloadSize: number;
  /** the stored raw bytes (capped at 64 KiB), base64 */
  payloadBase64: string;
}

interface Row {
  id: string;
  received_at: Date;
  reason: string;
  detail: string;
  topic: string;
  device_id: string | null;
  station_code: string | null;
  source: string;
  payload_size: number;
  payload: Buffer;
}

/** The only door to dead_letter for reading; ingestion writes it inside its batch transaction. */
@Injectable()
export class DeadLettersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(filter: DeadLetterFilter): Promise<Page<DeadLetterView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.reason) add('reason = ?', filter.reason);
    if (filter.device) add('device_id = ?', filter.device);
    if (filter.station) add('station_code = ?', filter.station);
    if (filter.from) add('received_at >= ?', filter.from);
    if (filter.to) add('received_at < ?', filter.to);
    const cursor = decodeCursor(filter.cursor);
    if (cursor) {
      params.push(cursor.key, cursor.id);
      where.push(`(received_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
    }
    params.push(filter.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT id, received_at, reason, detail, topic, device_id, station_code, source, payload_size, payload
         FROM dead_letter ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY received_at DESC, id DESC LIMIT $${params.length}`,
      params,
    )) as Row[];
    const page = toPage(rows, filter.limit, (r) => ({
      key: new Date(r.received_at).toISOString(),
      id: String(r.id),
    }));
    return { items: page.items.map(toView), nextCursor: page.nextCursor };
  }

  async countsByReason(): Promise<Record<string, number>> {
    const rows = (await this.dataSource.query(
      'SELECT reason, count(*)::int AS n FROM dead_letter GROUP BY reason',
    )) as Array<{
      reason: string;
      n: number;
    }>;
    return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
  }
}

function toView(r: Row): DeadLetterView {
  return {
    id: String(r.id),
    receivedAt: toCstIso(new Date(r.received_at)),
    reason: r.reason,
    detail: r.detail,
    topic: r.topic,
    device: r.device_id,
    station: r.station_code,
    source: r.source,
    payloadSize: r.payload_size,
    payloadBase64: r.payload.toString('base64'),
  };
}
