import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Subject } from 'rxjs';
import { Repository } from 'typeorm';
import { notFound } from '../errors/domain-error';
import { STATION_DIRECTORY, type StationDirectory } from '../ingestion/station-directory';
import { DeviceEntity } from './device.entity';
import { generateSecret, hashSecret, verifySecret } from './device-secret';

export interface DeviceView {
  deviceId: string;
  station: string;
  disabled: boolean;
  online: boolean;
  lastSeenAt: string | null;
  createdAt: string;
  secretRotatedAt: string;
}

export type AuthResult =
  | { ok: true; deviceId: string; station: string }
  | { ok: false; reason: 'unknown_device' | 'bad_secret' | 'disabled' };

interface CachedDevice {
  station: string;
  disabled: boolean;
  hash: string;
  /** sha256 of the last verified secret: a reconnect storm costs one scrypt per device, not one per CONNECT */
  verified?: Buffer;
  until: number;
}

const CACHE_MS = 60_000;

@Injectable()
export class DevicesService implements OnApplicationShutdown {
  private readonly logger = new Logger('devices');
  private readonly cache = new Map<string, CachedDevice>();
  /** online-state changes waiting to be written (a reconnect storm becomes one UPDATE) */
  private readonly stateChanges = new Map<string, { online: boolean; at: Date }>();
  private stateTimer?: NodeJS.Timeout;
  private stopped = false;
  /** device ids whose credentials changed (rotated, disabled): the broker disconnects them */
  readonly revoked$ = new Subject<string>();

  constructor(
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    @Inject(STATION_DIRECTORY) private readonly stations: StationDirectory,
  ) {}

  async create(stationCode: string): Promise<{ deviceId: string; secret: string }> {
    const station = await this.stations.get(stationCode);
    if (!station) throw notFound('station', stationCode);
    const deviceId = `${station.code}-${randomBytes(4).toString('hex')}`;
    const secret = generateSecret();
    await this.devices.insert({
      id: deviceId,
      stationCode: station.code,
      secretHash: await hashSecret(secret),
    });
    this.logger.log({ deviceId, station: station.code }, 'device created');
    return { deviceId, secret };
  }

  async rotateSecret(deviceId: string): Promise<{ deviceId: string; secret: string }> {
    const secret = generateSecret();
    const result = await this.devices.update(
      { id: deviceId },
      { secretHash: await hashSecret(secret), secretRotatedAt: new Date() },
    );
    if (!result.affected) throw notFound('device', deviceId);
    this.revoke(deviceId);
    return { deviceId, secret };
  }

  async setDisabled(deviceId: string, disabled: boolean): Promise<DeviceView> {
    const result = await this.devices.update({ id: deviceId }, { disabled });
    if (!result.affected) throw notFound('device', deviceId);
    if (disabled) this.revoke(deviceId);
    else this.cache.delete(deviceId);
    return this.view(deviceId);
  }

  async list(stationCode: string): Promise<DeviceView[]> {
    if (!(await this.stations.get(stationCode))) throw notFound('station', stationCode);
    const rows = await this.devices.find({ where: { stationCode }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toView);
  }

  async view(deviceId: string): Promise<DeviceView> {
    const row = await this.devices.findOne({ where: { id: deviceId } });
    if (!row) throw notFound('device', deviceId);
    return toView(row);
  }

  async isDevice(id: string): Promise<boolean> {
    return this.cache.has(id) || (await this.devices.exists({ where: { id } }));
  }

  /** The CONNECT hot path. Never logs or returns the secret. */
  async authenticate(deviceId: string, secret: string): Promise<AuthResult> {
    const now = Date.now();
    let cached = this.cache.get(deviceId);
    if (!cached || cached.until < now) {
      const row = await this.devices
        .createQueryBuilder('d')
        .addSelect('d.secretHash')
        .where('d.id = :id', { id: deviceId })
        .getOne();
      if (!row) return { ok: false, reason: 'unknown_device' };
      cached = {
        station: row.stationCode,
        disabled: row.disabled,
        hash: row.secretHash,
        until: now + CACHE_MS,
      };
      this.cache.set(deviceId, cached);
    }
    if (cached.disabled) return { ok: false, reason: 'disabled' };
    const digest = createHash('sha256').update(secret).digest();
    if (cached.verified && timingSafeEqual(cached.verified, digest)) {
      return { ok: true, deviceId, station: cached.station };
    }
    if (!(await verifySecret(secret, cached.hash))) return { ok: false, reason: 'bad_secret' };
    cached.verified = digest;
    return { ok: true, deviceId, station: cached.station };
  }

  /** Online state from the status topic / connection events; persisted for the API (may run elsewhere). */
  markOnline(deviceId: string, online: boolean): void {
    if (this.stopped) return;
    this.stateChanges.set(deviceId, { online, at: new Date() });
    this.stateTimer ??= setTimeout(() => void this.flushStates(), 500);
  }

  private async flushStates(): Promise<void> {
    this.stateTimer = undefined;
    const changes = [...this.stateChanges];
    this.stateChanges.clear();
    if (changes.length === 0) return;
    await this.devices
      .query(
        `UPDATE device d SET online = c.online, last_seen_at = CASE WHEN c.online THEN c.at ELSE d.last_seen_at END
           FROM unnest($1::text[], $2::boolean[], $3::timestamptz[]) AS c(id, online, at) WHERE d.id = c.id`,
        [
          changes.map(([id]) => id),
          changes.map(([, c]) => c.online),
          changes.map(([, c]) => c.at.toISOString()),
        ],
      )
      .catch((error: unknown) =>
        this.logger.warn({ err: error, devices: changes.length }, 'could not record device states'),
      );
  }

  /** At broker start nobody is connected yet: states left by a crash or shutdown are stale. */
  async resetOnline(): Promise<void> {
    await this.devices.update({ online: true }, { online: false });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.stateTimer) clearTimeout(this.stateTimer);
    await this.flushStates();
  }

  private revoke(deviceId: string): void {
    this.cache.delete(deviceId);
    this.revoked$.next(deviceId);
  }
}

function toView(row: DeviceEntity): DeviceView {
  return {
    deviceId: row.id,
    station: row.stationCode,
    disabled: row.disabled,
    online: row.online,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    secretRotatedAt: row.secretRotatedAt.toISOString(),
  };
}
